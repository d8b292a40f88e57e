package critdamp.optim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Evidence of the learning rate and momentum the updaters actually applied, per JVM: with the system property
 * {@value #PROPERTY} set to a directory, each {@link HeavyBallSgd} step appends {@code pid,iteration,alpha,mu} to
 * {@code <dir>/applied-<pid>.csv}. A multi-JVM Spark test sets it on the executors and reads the files back with
 * {@link #readAll}, proving the driver's per-round values reached the workers (and not only the driver's own copy).
 *
 * <p>Without the property, {@link #record} returns after one property lookup. A line is written only when
 * (iteration, alpha, mu) differs from the last line this JVM wrote, so the many layers of one step give one line;
 * each line is flushed (the file is opened for append, written and closed), so a killed executor loses nothing.
 */
public final class AppliedHyperparameters {
    /** System property naming the directory to write to; unset = off. */
    public static final String PROPERTY = "critdamp.applied.dir";
    private static final long PID = ProcessHandle.current().pid();
    private static Path lastFile;
    private static long lastIteration = Long.MIN_VALUE;
    private static double lastAlpha = Double.NaN;
    private static double lastMu = Double.NaN;

    private AppliedHyperparameters() {
    }

    /** One applied step: the JVM that applied it, the DL4J iteration and the values. */
    public record Applied(long pid, long iteration, double alpha, double mu) {
    }

    /** Records that {@code alpha} and {@code mu} were applied at {@code iteration}, if {@value #PROPERTY} is set. */
    public static void record(long iteration, double alpha, double mu) {
        String dir = System.getProperty(PROPERTY);
        if (dir == null || dir.isEmpty()) {
            return;
        }
        append(Paths.get(dir).resolve("applied-" + PID + ".csv"), iteration, alpha, mu);
    }

    private static synchronized void append(Path file, long iteration, double alpha, double mu) {
        // Double.compare: NaN equals NaN, so a repeated NaN is deduplicated as well
        if (file.equals(lastFile) && iteration == lastIteration && Double.compare(alpha, lastAlpha) == 0
                && Double.compare(mu, lastMu) == 0) {
            return;
        }
        String line = PID + "," + iteration + "," + alpha + "," + mu + "\n";
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record applied hyperparameters in " + file, e);
        }
        lastFile = file;
        lastIteration = iteration;
        lastAlpha = alpha;
        lastMu = mu;
    }

    /** Every line of every {@code applied-*.csv} in {@code dir}, file by file (sorted by name), in written order. */
    public static List<Applied> readAll(Path dir) {
        List<Applied> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith("applied-") && n.endsWith(".csv");
            }).sorted().toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] p = line.split(",");
                    if (p.length != 4) {
                        throw new IllegalStateException(f + ": malformed line '" + line + "'");
                    }
                    out.add(new Applied(Long.parseLong(p[0]), Long.parseLong(p[1]), Double.parseDouble(p[2]),
                            Double.parseDouble(p[3])));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read applied hyperparameters from " + dir, e);
        }
        return out;
    }
}
