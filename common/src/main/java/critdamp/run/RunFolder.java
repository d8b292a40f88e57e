package critdamp.run;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * One run's folder on any Hadoop file system ({@code resultsDir/name}): config, metrics, checkpoints, report.
 *
 * <p>Nothing already written is ever lost: every file is written under a temporary name and renamed into place
 * ({@link #writeAtomically}); a folder that already holds another run is never reused silently: a new run gets the
 * next free versioned name ({@code name-2}, {@code name-3}, ...) and says so, unless the caller resumes it.
 */
public final class RunFolder {
    private static final Logger LOG = LoggerFactory.getLogger(RunFolder.class);
    /** Marker file: its presence means the folder holds a run. */
    public static final String RUN_JSON = "run.json";

    private final FileSystem fs;
    private final Path root;

    private RunFolder(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
    }

    /**
     * Opens the folder for a new run, or for resuming one.
     *
     * @param resume true: reuse {@code resultsDir/name} (it must hold a run); false: a fresh folder, versioned if taken
     */
    public static RunFolder open(Configuration conf, String resultsDir, String name, boolean resume) {
        try {
            Path base = new Path(resultsDir);
            FileSystem fs = base.getFileSystem(conf);
            Path dir = fs.makeQualified(new Path(base, name));
            if (resume) {
                if (!fs.exists(new Path(dir, RUN_JSON))) {
                    throw new IllegalArgumentException("--resume: no run to resume at " + dir + " (no " + RUN_JSON + ")");
                }
                return new RunFolder(fs, dir);
            }
            int version = 1;
            Path candidate = dir;
            while (fs.exists(candidate) && fs.listStatus(candidate).length > 0) {
                version++;
                candidate = fs.makeQualified(new Path(base, name + "-" + version));
            }
            if (version > 1) {
                LOG.warn("{} already holds another run; this run writes to {} instead (use --resume to continue it)",
                        dir, candidate);
            }
            fs.mkdirs(candidate);
            return new RunFolder(fs, candidate);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open run folder " + resultsDir + "/" + name + ": " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    public FileSystem fileSystem() {
        return fs;
    }

    public Path resolve(String relative) {
        return new Path(root, relative);
    }

    public boolean exists(String relative) {
        try {
            return fs.exists(resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code text} (UTF-8) to {@code relative}, atomically. */
    public void writeAtomically(String relative, String text) {
        writeAtomically(relative, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes to a temporary sibling, then renames it over {@code relative}. Readers see the old file or the new one,
     * never a half-written one (atomic on local and HDFS; on S3 a rename is a copy, still never partial).
     */
    public void writeAtomically(String relative, byte[] bytes) {
        Path target = resolve(relative);
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
        try {
            fs.mkdirs(target.getParent());
            try (FSDataOutputStream out = fs.create(tmp, false)) {
                out.write(bytes);
                out.hsync();
            }
            replace(tmp, target);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Copies a local file into the folder atomically (temp name, then rename). */
    public void copyFromLocalAtomically(java.nio.file.Path local, String relative) {
        Path target = resolve(relative);
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
        try {
            fs.mkdirs(target.getParent());
            fs.copyFromLocalFile(false, true, new Path(local.toUri()), tmp);
            replace(tmp, target);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    public String readString(String relative) {
        try (InputStream in = fs.open(resolve(relative))) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            return buf.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resolve(relative) + ": " + e.getMessage(), e);
        }
    }

    private void replace(Path tmp, Path target) throws IOException {
        if (fs.exists(target) && !fs.delete(target, false)) {
            throw new IOException("cannot replace " + target);
        }
        if (!fs.rename(tmp, target)) {
            throw new IOException("rename " + tmp + " -> " + target + " failed");
        }
    }

    private void deleteQuietly(Path p) {
        try {
            fs.delete(p, false);
        } catch (IOException ignored) {
            // best effort: a stray temp file is harmless, it never has a final name
        }
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
