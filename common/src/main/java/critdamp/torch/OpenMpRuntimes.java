package critdamp.torch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The OpenMP runtimes mapped into this process: one file per runtime library (GNU {@code libgomp}, Intel
 * {@code libiomp5}, LLVM {@code libomp}), read from {@code /proc/self/maps}. libtorch and nd4j-native each ship a
 * libgomp; two runtimes in one JVM would each keep a thread pool, oversubscribing the cores, and can crash. With
 * both engines used in one JVM this should list exactly one ({@link TorchNatives}).
 */
public final class OpenMpRuntimes {
    private static final Path MAPS = Paths.get("/proc/self/maps");
    /** A mapped file whose name is an OpenMP runtime: libgomp.so.1, libgomp-<hash>.so.1, libiomp5.so, libomp.so. */
    private static final Pattern RUNTIME = Pattern.compile("lib(gomp|iomp5|omp)([-.][^/]*)?\\.so[^/]*");

    private OpenMpRuntimes() {
    }

    /** The runtime files mapped now, in first-mapped order; empty where {@code /proc/self/maps} does not exist. */
    public static List<String> mapped() {
        if (!Files.isReadable(MAPS)) {
            return List.of();
        }
        try {
            return parse(Files.readAllLines(MAPS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MAPS, e);
        }
    }

    /** The distinct OpenMP runtime files named in lines of {@code /proc/<pid>/maps}. */
    static List<String> parse(List<String> mapsLines) {
        Set<String> files = new LinkedHashSet<>();
        for (String line : mapsLines) {
            // address perms offset dev inode [path]; the path may hold spaces
            String[] f = line.trim().split("\\s+", 6);
            if (f.length < 6 || !f[5].startsWith("/")) {
                continue;
            }
            String path = f[5];
            if (RUNTIME.matcher(path.substring(path.lastIndexOf('/') + 1)).matches()) {
                files.add(path);
            }
        }
        return List.copyOf(files);
    }
}
