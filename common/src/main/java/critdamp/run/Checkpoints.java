package critdamp.run;

import critdamp.base.Json;
import critdamp.engine.CheckpointFormat;
import critdamp.engine.Engine;
import critdamp.engine.EngineKind;
import critdamp.engine.EngineMismatchException;
import critdamp.engine.TrainableModel;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checkpoints of a run: DL4J ModelSerializer zips with the updater (momentum) state (or, for another engine, its own
 * format: {@link CheckpointFormat}), each with a sidecar JSON that
 * holds the {@link TrainingPosition}, the zip's SHA-256 and, at an epoch's end, the validation accuracy. Written
 * atomically (temp name, then rename); {@link #latestGood()} skips a checkpoint whose bytes do not match its checksum
 * (e.g. truncated on disk) and falls back to the previous good one, saying so.
 *
 * <p>Retention ({@link CheckpointRetention}): after each checkpoint is safely in place, only the {@code keep} newest
 * and the best by validation accuracy stay; older ones are deleted, so a long run does not fill its disk.
 */
public final class Checkpoints {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    private static final String PREFIX = "ckpt-";

    /**
     * What the sidecar holds.
     *
     * @param validationAccuracy accuracy on the validation split when the checkpoint ends an epoch; null otherwise
     *                           (mid-epoch, no validation split, or a sidecar written before this field existed)
     */
    public record Entry(String file, String sha256, TrainingPosition position, Double validationAccuracy) {
    }

    /** A verified checkpoint. */
    public record Loaded(ComputationGraph model, TrainingPosition position, String file) {
    }

    /** A verified checkpoint restored by an {@link Engine}. */
    public record LoadedModel(TrainableModel model, TrainingPosition position, String file) {
    }

    /** Writes a checkpoint's bytes (the engine's own format). */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    private final RunFolder folder;
    private final CheckpointRetention retention;

    /** Checkpoints of {@code folder} that are all kept (for reading: the later stages, tests). */
    public Checkpoints(RunFolder folder) {
        this(folder, Integer.MAX_VALUE);
    }

    /** Checkpoints of {@code folder} of which the {@code keep} newest and the best by validation accuracy stay. */
    public Checkpoints(RunFolder folder, int keep) {
        this.folder = folder;
        this.retention = new CheckpointRetention(keep);
    }

    /** Saves a mid-epoch checkpoint; see {@link #save(ComputationGraph, TrainingPosition, Double)}. */
    public String save(ComputationGraph model, TrainingPosition position) {
        return save(model, position, null);
    }

    /**
     * Saves {@code model} with its updater state at {@code position}, streamed straight into the run folder (its
     * SHA-256 computed on the way), then applies the retention; returns the checkpoint's path.
     *
     * @param validationAccuracy the validation accuracy at an epoch's end (chooses the best checkpoint); null if none
     */
    public String save(ComputationGraph model, TrainingPosition position, Double validationAccuracy) {
        return save(out -> ModelSerializer.writeModel(model, out, true), position, validationAccuracy);
    }

    /** Saves an engine's model ({@link TrainableModel#save}); as {@link #save(ComputationGraph, TrainingPosition, Double)}. */
    public String save(TrainableModel model, TrainingPosition position, Double validationAccuracy) {
        return save(model::save, position, validationAccuracy);
    }

    private String save(Writer writer, TrainingPosition position, Double validationAccuracy) {
        String name = String.format(PREFIX + "%08d", position.globalRound());
        String[] sha = new String[1];
        folder.writeAtomically(RunFiles.CHECKPOINTS_DIR + "/" + name + ".zip", out -> {
            DigestOutputStream digest = new DigestOutputStream(out, sha256());
            writer.writeTo(closeShield(digest));
            digest.flush();
            sha[0] = HexFormat.of().formatHex(digest.getMessageDigest().digest());
        });
        Double val = validationAccuracy == null || Double.isNaN(validationAccuracy) ? null : validationAccuracy;
        folder.writeAtomically(RunFiles.CHECKPOINTS_DIR + "/" + name + ".json",
                Json.writeLine(new Entry(name + ".zip", sha[0], position, val)));
        prune(position.globalRound());
        return folder.resolve(RunFiles.CHECKPOINTS_DIR + "/" + name + ".zip").toString();
    }

    /**
     * Deletes the checkpoints the retention does not keep, counting the {@code keep} newest among those at or before
     * round {@code anchorRound} (the one just written, or the one a resumed run starts from; later ones are left
     * alone). Each sidecar goes before its zip, so a crash in between leaves an orphan zip, never a sidecar that
     * points at nothing; orphan zips older than the anchor go too.
     *
     * @return the names of the checkpoints deleted
     */
    public List<String> prune(long anchorRound) {
        List<Entry> entries = entries();
        Set<String> delete = retention.toDelete(entries, anchorRound);
        Set<String> described = entries.stream().map(Entry::file).collect(Collectors.toSet());
        List<String> deleted = new ArrayList<>();
        try {
            for (Entry e : entries) {
                if (delete.contains(e.file())) {
                    String base = e.file().substring(0, e.file().length() - ".zip".length());
                    folder.fileSystem().delete(folder.resolve(RunFiles.CHECKPOINTS_DIR + "/" + base + ".json"), false);
                    folder.fileSystem().delete(folder.resolve(RunFiles.CHECKPOINTS_DIR + "/" + e.file()), false);
                    deleted.add(e.file());
                }
            }
            for (FileStatus zip : list(".zip")) {
                String file = zip.getPath().getName();
                if (!described.contains(file) && round(file) < anchorRound) {
                    folder.fileSystem().delete(zip.getPath(), false);
                    deleted.add(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete old checkpoints in " + folder + ": " + e.getMessage(), e);
        }
        if (!deleted.isEmpty()) {
            LOG.debug("checkpoint retention ({}): deleted {}", retention, deleted);
        }
        return deleted;
    }

    /** The sidecars that can be read, oldest first. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (FileStatus s : list(".json")) {
            try {
                String sidecar = folder.readString(RunFiles.CHECKPOINTS_DIR + "/" + s.getPath().getName());
                out.add(Json.mapper().readValue(sidecar, Entry.class));
            } catch (IOException | UncheckedIOException e) {
                LOG.warn("checkpoint sidecar {} is unreadable ({}); ignored", s.getPath(), e.getMessage());
            }
        }
        out.sort(Comparator.comparingLong(e -> e.position().globalRound()));
        return out;
    }

    /** The newest checkpoint whose zip matches its recorded SHA-256, with its model restored (updater included). */
    public Optional<Loaded> latestGood() {
        return latestVerified().map(this::load);
    }

    /**
     * The newest checkpoint whose zip matches its recorded SHA-256, without restoring it: enough to know whether a run
     * can continue. A missing, unreadable or corrupt zip is skipped with a warning, falling back to the previous one.
     */
    public Optional<Entry> latestVerified() {
        List<Entry> entries = new ArrayList<>(entries());
        Collections.reverse(entries);
        for (Entry entry : entries) {
            if (verifies(entry)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    private boolean verifies(Entry entry) {
        Path zip = zip(entry);
        try {
            if (!folder.fileSystem().exists(zip)) {
                LOG.warn("checkpoint {} is missing; trying the previous one", zip);
                return false;
            }
            String actual;
            try {
                actual = sha256(folder.fileSystem().open(zip));
            } catch (IOException e) { // e.g. the local file system's own checksum of a truncated file
                LOG.warn("checkpoint {} is unreadable ({}); trying the previous one", zip, e.getMessage());
                return false;
            }
            if (!actual.equals(entry.sha256())) {
                LOG.warn("checkpoint {} is corrupt (SHA-256 {} != recorded {}); trying the previous one",
                        zip, actual, entry.sha256());
                return false;
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoints in " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * The newest checkpoint whose bytes match their recorded SHA-256, restored by {@code engine}.
     *
     * @throws EngineMismatchException when the other engine wrote it (one line naming the file and both engines)
     */
    public Optional<LoadedModel> latestGood(Engine engine) {
        return latestVerified().map(entry -> {
            Path file = zip(entry);
            try (InputStream in = folder.fileSystem().open(file)) {
                return new LoadedModel(engine.load(in, file.toString()), entry.position(), file.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot restore checkpoint " + file + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * Restores {@code entry}'s DL4J model (updater included) through a local copy, which ModelSerializer needs.
     *
     * @throws EngineMismatchException when another engine wrote it
     */
    private Loaded load(Entry entry) {
        Path zip = zip(entry);
        try (InputStream head = folder.fileSystem().open(zip)) {
            CheckpointFormat.openPayload(head, EngineKind.DL4J, zip.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore checkpoint " + zip + ": " + e.getMessage(), e);
        }
        try {
            java.nio.file.Path local = Files.createTempFile("critdamp-restore", ".zip");
            try {
                folder.fileSystem().copyToLocalFile(false, zip, new Path(local.toUri()), true);
                ComputationGraph model = ModelSerializer.restoreComputationGraph(local.toFile(), true);
                return new Loaded(model, entry.position(), zip.toString());
            } finally {
                Files.deleteIfExists(local);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore checkpoint " + zip + ": " + e.getMessage(), e);
        }
    }

    private Path zip(Entry entry) {
        return folder.resolve(RunFiles.CHECKPOINTS_DIR + "/" + entry.file());
    }

    /** The checkpoint files ending in {@code suffix}, by name. */
    private List<FileStatus> list(String suffix) {
        try {
            Path dir = folder.resolve(RunFiles.CHECKPOINTS_DIR);
            if (!folder.fileSystem().exists(dir)) {
                return List.of();
            }
            FileStatus[] found = folder.fileSystem().listStatus(dir,
                    p -> p.getName().startsWith(PREFIX) && p.getName().endsWith(suffix));
            Arrays.sort(found, Comparator.comparing((FileStatus s) -> s.getPath().getName()));
            return List.of(found);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The averaging round in a checkpoint's name ({@code ckpt-00000042.zip} is 42). */
    private static long round(String file) {
        try {
            return Long.parseLong(file.substring(PREFIX.length(), file.indexOf('.')));
        } catch (RuntimeException e) {
            return Long.MAX_VALUE; // not one of ours: never deleted
        }
    }

    /** {@code out}, except that closing it only flushes (the run folder closes the file after syncing it). */
    private static OutputStream closeShield(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(InputStream raw) throws IOException {
        try (DigestInputStream in = new DigestInputStream(raw, sha256())) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        }
    }
}
