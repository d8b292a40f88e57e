package critdamp.run;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One run's folder on any Hadoop file system ({@code resultsDir/name}): config, metrics, checkpoints, report.
 *
 * <p>Nothing already written is ever lost: every file is written under a temporary name and renamed into place
 * ({@link #writeAtomically}); a write that fails removes its temporary file and says which file and why
 * ({@link RunFolderWriteException}). A new run claims its folder atomically: it creates the {@value #RunFiles.CLAIM} marker
 * with {@link ExclusiveCreate} in an empty or new folder, so of two runs started at the same moment with the same
 * name exactly one gets {@code name}, the other the next free versioned name ({@code name-2}, {@code name-3}, ...);
 * a folder that holds anything (another run) is never reused, unless the caller resumes it.
 */
public final class RunFolder {
    private static final Logger LOG = LoggerFactory.getLogger(RunFolder.class);
    /** Marker a new run creates exclusively to claim the folder (who and when, one line). */
    /** Versions tried before giving up on a name ({@code name-2} ... ). */
    private static final int MAX_VERSIONS = 10_000;
    /** A temporary file of {@link #writeAtomically}: {@code .<name>.tmp-<uuid>}. */
    private static final Pattern TEMPORARY = Pattern.compile(
            "\\..+\\.tmp-\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

    private final FileSystem fs;
    private final Path root;
    private final boolean claimedHere;

    private RunFolder(FileSystem fs, Path root, boolean claimedHere) {
        this.fs = fs;
        this.root = root;
        this.claimedHere = claimedHere;
    }

    /** Writes a file's bytes to a stream (which it must not close). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Opens the folder for a new run, or for resuming one.
     *
     * @param resume true: reuse {@code resultsDir/name} (it must hold a run); false: claim a fresh folder, versioned
     *               if taken
     */
    public static RunFolder open(Configuration conf, String resultsDir, String name, boolean resume) {
        Path base = new Path(resultsDir);
        FileSystem fs;
        Path dir;
        try {
            fs = base.getFileSystem(conf);
            dir = fs.makeQualified(new Path(base, name));
            if (resume) {
                if (!fs.exists(new Path(dir, RunFiles.RUN_JSON))) {
                    throw new IllegalArgumentException("--resume: no run to resume at " + dir + " (no " + RunFiles.RUN_JSON
                            + ")");
                }
                return new RunFolder(fs, dir, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open run folder " + resultsDir + "/" + name + ": "
                    + e.getMessage(), e);
        }
        return claim(fs, base, dir, name);
    }

    /** The first of {@code dir}, {@code dir-2}, ... that is absent or empty and whose claim marker this call creates. */
    private static RunFolder claim(FileSystem fs, Path base, Path dir, String name) {
        byte[] claim = claimText().getBytes(StandardCharsets.UTF_8);
        Path candidate = dir;
        try {
            for (int version = 1; version <= MAX_VERSIONS; version++) {
                candidate = version == 1 ? dir : fs.makeQualified(new Path(base, name + "-" + version));
                if (fs.exists(candidate) && fs.listStatus(candidate).length > 0) {
                    continue;
                }
                fs.mkdirs(candidate);
                if (ExclusiveCreate.create(fs, new Path(candidate, RunFiles.CLAIM), claim)) {
                    if (version > 1) {
                        LOG.warn("{} already holds another run; this run writes to {} instead (use --resume to "
                                + "continue it)", dir, candidate);
                    }
                    return new RunFolder(fs, candidate, true);
                }
            }
        } catch (IOException | FSError e) {
            throw new RunFolderWriteException(new Path(candidate, RunFiles.CLAIM).toString(), e);
        }
        throw new IllegalStateException("no free run folder among " + dir + " .. " + name + "-" + MAX_VERSIONS);
    }

    private static String claimText() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "?";
        }
        return "claimed by " + ManagementFactory.getRuntimeMXBean().getName() + " (pid@host; host " + host + ") at "
                + Instant.now() + "\n";
    }

    public Path root() {
        return root;
    }

    public FileSystem fileSystem() {
        return fs;
    }

    /** True when this object claimed a new folder; false when it opened an existing run (resume). */
    public boolean claimedHere() {
        return claimedHere;
    }

    /** Where {@code relative} is in this folder; an absolute URI (as older records hold) resolves to itself. */
    public Path resolve(String relative) {
        return new Path(root, relative);
    }

    /**
     * {@code path} relative to this folder when it lies inside it ({@code <this folder>/checkpoints/c.zip} gives
     * {@code checkpoints/c.zip}); a path elsewhere, one already relative, and null, as they are. Records name their
     * files and run folders so: they hold no machine's absolute path and stay right when the folder is moved, copied
     * or committed; {@link #resolve} reads either form back.
     */
    public String relativize(String path) {
        return relativize(path, root.toString());
    }

    static String relativize(String path, String folder) {
        if (path == null || folder.isEmpty()) {
            return path;
        }
        String prefix = folder.endsWith("/") ? folder : folder + "/";
        return path.startsWith(prefix) && path.length() > prefix.length() ? path.substring(prefix.length()) : path;
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

    /** Writes {@code bytes} to {@code relative}, atomically. */
    public void writeAtomically(String relative, byte[] bytes) {
        writeAtomically(relative, out -> out.write(bytes));
    }

    /** Copies a local file into the folder atomically (temp name, then rename). */
    public void copyFromLocalAtomically(java.nio.file.Path local, String relative) {
        writeAtomically(relative, out -> Files.copy(local, out));
    }

    /**
     * Writes to a temporary sibling, then renames it over {@code relative}. Readers see the old file or the new one,
     * never a half-written one (atomic on local and HDFS; on S3 a rename is a copy, still never partial). When the
     * write fails, the temporary file is removed and a {@link RunFolderWriteException} names the file and the cause.
     */
    public void writeAtomically(String relative, Content content) {
        Path target = resolve(relative);
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
        boolean renamed = false;
        try {
            fs.mkdirs(target.getParent());
            try (FSDataOutputStream out = fs.create(tmp, false)) {
                content.writeTo(out);
                out.hsync();
            }
            replace(tmp, target);
            renamed = true;
        } catch (IOException | FSError e) {
            throw new RunFolderWriteException(target.toString(), e);
        } finally {
            if (!renamed) {
                deleteQuietly(tmp);
            }
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

    /**
     * Removes the temporary files of writes that never finished (a process killed mid-write) anywhere in the folder,
     * so that resuming a run that filled its disk starts by freeing that space. Only names that
     * {@link #writeAtomically} makes are touched; the caller must be the folder's only writer.
     *
     * @return the files removed
     */
    public List<Path> removeStaleTemporaries() {
        List<Path> removed = new ArrayList<>();
        long bytes = 0;
        try {
            List<Path> dirs = new ArrayList<>(List.of(root));
            while (!dirs.isEmpty()) {
                for (FileStatus s : fs.listStatus(dirs.remove(dirs.size() - 1))) {
                    if (s.isDirectory()) {
                        dirs.add(s.getPath());
                    } else if (TEMPORARY.matcher(s.getPath().getName()).matches() && fs.delete(s.getPath(), false)) {
                        removed.add(s.getPath());
                        bytes += s.getLen();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean temporary files in " + root + ": " + e.getMessage(), e);
        }
        if (!removed.isEmpty()) {
            LOG.info("removed {} temporary file(s) ({} bytes) left by interrupted writes in {}", removed.size(),
                    bytes, root);
        }
        return removed;
    }

    /**
     * Deletes the whole folder: only a folder this object claimed (so everything in it was written by this run),
     * for a run that failed before it produced anything worth keeping. Never a resumed run's folder.
     */
    public void deleteClaimed() {
        if (!claimedHere) {
            throw new IllegalStateException(root + " was not claimed by this run; it is never deleted");
        }
        try {
            fs.delete(root, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + root + ": " + e.getMessage(), e);
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
        } catch (IOException | RuntimeException | FSError e) {
            LOG.warn("could not remove the temporary file {}: {}", p, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
