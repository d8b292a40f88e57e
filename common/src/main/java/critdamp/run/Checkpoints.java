package critdamp.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Checkpoints of a run: DL4J ModelSerializer zips with the updater (momentum) state, each with a sidecar JSON that
 * holds the {@link TrainingPosition} and the zip's SHA-256. Written atomically (temp name, then rename);
 * {@link #latestGood()} skips a checkpoint whose bytes do not match its checksum (e.g. truncated on disk) and falls
 * back to the previous good one, saying so.
 */
public final class Checkpoints {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIR = "checkpoints";

    /** What the sidecar holds. */
    public record Entry(String file, String sha256, TrainingPosition position) {
    }

    /** A verified checkpoint. */
    public record Loaded(ComputationGraph model, TrainingPosition position, String file) {
    }

    private final RunFolder folder;

    public Checkpoints(RunFolder folder) {
        this.folder = folder;
    }

    /** Saves {@code model} with its updater state at {@code position}; returns the checkpoint's path. */
    public String save(ComputationGraph model, TrainingPosition position) {
        String name = String.format("ckpt-%08d", position.globalRound());
        java.nio.file.Path local = null;
        try {
            local = Files.createTempFile("critdamp-ckpt", ".zip");
            ModelSerializer.writeModel(model, local.toFile(), true);
            String sha = sha256(Files.newInputStream(local));
            folder.copyFromLocalAtomically(local, DIR + "/" + name + ".zip");
            Entry entry = new Entry(name + ".zip", sha, position);
            folder.writeAtomically(DIR + "/" + name + ".json", JSON.writeValueAsString(entry));
            return folder.resolve(DIR + "/" + name + ".zip").toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + name + " in " + folder + ": " + e.getMessage(), e);
        } finally {
            if (local != null) {
                try {
                    Files.deleteIfExists(local);
                } catch (IOException ignored) {
                    // temp file in the local temp dir
                }
            }
        }
    }

    /** The newest checkpoint whose zip matches its recorded SHA-256, with its model restored (updater included). */
    public Optional<Loaded> latestGood() {
        try {
            Path dir = folder.resolve(DIR);
            if (!folder.fileSystem().exists(dir)) {
                return Optional.empty();
            }
            FileStatus[] sidecars = folder.fileSystem().listStatus(dir,
                    p -> p.getName().startsWith("ckpt-") && p.getName().endsWith(".json"));
            Arrays.sort(sidecars, Comparator.comparing((FileStatus s) -> s.getPath().getName()).reversed());
            for (FileStatus s : sidecars) {
                Entry entry = JSON.readValue(folder.readString(DIR + "/" + s.getPath().getName()), Entry.class);
                Path zip = folder.resolve(DIR + "/" + entry.file());
                if (!folder.fileSystem().exists(zip)) {
                    LOG.warn("checkpoint {} is missing; trying the previous one", zip);
                    continue;
                }
                String actual = sha256(folder.fileSystem().open(zip));
                if (!actual.equals(entry.sha256())) {
                    LOG.warn("checkpoint {} is corrupt (SHA-256 {} != recorded {}); trying the previous one",
                            zip, actual, entry.sha256());
                    continue;
                }
                java.nio.file.Path local = Files.createTempFile("critdamp-restore", ".zip");
                try {
                    folder.fileSystem().copyToLocalFile(false, zip, new Path(local.toUri()), true);
                    ComputationGraph model = ModelSerializer.restoreComputationGraph(local.toFile(), true);
                    return Optional.of(new Loaded(model, entry.position(), zip.toString()));
                } finally {
                    Files.deleteIfExists(local);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoints in " + folder + ": " + e.getMessage(), e);
        }
    }

    static String sha256(InputStream raw) throws IOException {
        try (DigestInputStream in = new DigestInputStream(raw, MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
