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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One run's folder on any Hadoop file system ({@code resultsDir/name}): config, metrics, checkpoints, report.
 *
 * <p>Nothing already written is ever lost: every file is written under a temporary name and renamed into place
 * ({@link #writeAtomically}); a write that fails removes its temporary file and says which file and why
 * ({@link RunFolderWriteException}).
 *
 * <p>One writer at a time: a folder opened to write ({@link #open}, {@link #acquire}) holds the folder's lease
 * ({@link RunLease}, the file {@value RunFiles#LEASE}) until {@link #close}, and another process that opens it to write
 * refuses in one line naming the holder ({@link RunFolderBusyException}) before it writes anything; a lease left by a
 * killed process is taken over, with a warning. A new run claims its folder by creating the lease exclusively in an
 * empty or new folder, so of two runs started at the same moment with the same name exactly one gets {@code name},
 * the other the next free versioned name ({@code name-2}, {@code name-3}, ...); a folder that holds anything (another
 * run) is never reused, unless the caller resumes it. Readers (reports, tables, a later stage's inputs) open a folder
 * with {@link #openToRead}, without a lease.
 */
public final class RunFolder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunFolder.class);
    /** Versions tried before giving up on a name ({@code name-2} ... ). */
    private static final int MAX_VERSIONS = 10_000;
    /** A temporary file of {@link #writeAtomically}: {@code .<name>.tmp-<uuid>}. */
    private static final Pattern TEMPORARY = Pattern.compile(
            "\\..+\\.tmp-\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

    private final FileSystem fs;
    private final Path root;
    private final boolean claimedHere;
    /** The folder's lease while this object writes it; null for a reader. */
    private final RunLease lease;
    /** Whether {@link #close} releases {@link #lease} (false for a view that shares another object's lease). */
    private final boolean ownsLease;

    private RunFolder(FileSystem fs, Path root, boolean claimedHere, RunLease lease, boolean ownsLease) {
        this.fs = fs;
        this.root = root;
        this.claimedHere = claimedHere;
        this.lease = lease;
        this.ownsLease = ownsLease;
    }

    /** Writes a file's bytes to a stream (which it must not close). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Opens the folder to write it, for a new run or for resuming one; the returned object holds the folder's lease
     * until {@link #close}.
     *
     * @param resume true: reuse {@code resultsDir/name} (it must hold a run); false: claim a fresh folder, versioned
     *               if taken
     * @throws RunFolderBusyException when resuming a folder that another live process holds
     */
    public static RunFolder open(Configuration conf, String resultsDir, String name, boolean resume) {
        Path base = new Path(resultsDir);
        FileSystem fs;
        Path dir;
        try {
            fs = base.getFileSystem(conf);
            dir = fs.makeQualified(new Path(base, name));
            if (resume) {
                requireRun(fs, dir, "--resume: no run to resume at ");
                return new RunFolder(fs, dir, false, RunLease.acquire(fs, dir, LeaseTiming.current()), true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open run folder " + resultsDir + "/" + name + ": "
                    + e.getMessage(), e);
        }
        return claim(fs, base, dir, name);
    }

    /**
     * Opens an existing run folder ({@code resultsDir/name}, holding a {@value RunFiles#RUN_JSON}) to read it:
     * reports, tables, the inputs of a later stage. No lease is taken, so it can be read while a run writes it; a
     * command that writes there takes the lease first ({@link #acquire}).
     */
    public static RunFolder openToRead(Configuration conf, String resultsDir, String name) {
        Path base = new Path(resultsDir);
        try {
            FileSystem fs = base.getFileSystem(conf);
            Path dir = fs.makeQualified(new Path(base, name));
            requireRun(fs, dir, "no run at ");
            return new RunFolder(fs, dir, false, null, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open run folder " + resultsDir + "/" + name + ": "
                    + e.getMessage(), e);
        }
    }

    private static void requireRun(FileSystem fs, Path dir, String what) throws IOException {
        if (!fs.exists(new Path(dir, RunFiles.RUN_JSON))) {
            throw new IllegalArgumentException(what + dir + " (no " + RunFiles.RUN_JSON + ")");
        }
    }

    /**
     * This folder, to write: a view that holds the folder's lease until closed. Where this object holds it already,
     * the view shares it (and the view's {@link #close} leaves it held); otherwise the lease is taken now.
     *
     * @throws RunFolderBusyException when another live process holds it
     */
    public RunFolder acquire() {
        if (lease != null && lease.held()) {
            return new RunFolder(fs, root, claimedHere, lease, false);
        }
        return new RunFolder(fs, root, false, RunLease.acquire(fs, root, LeaseTiming.current()), true);
    }

    /**
     * Who holds the lease of the folder {@code relative} (e.g. a sweep point's), when another live process does: one
     * phrase naming it; empty when the lease is free, abandoned or this object's own.
     */
    public Optional<String> inUseBy(String relative) {
        Path dir = resolve(relative);
        if (lease != null && lease.held() && dir.equals(root)) {
            return Optional.empty();
        }
        return RunLease.liveHolder(fs, dir, LeaseTiming.current());
    }

    /** The first of {@code dir}, {@code dir-2}, ... that is absent or empty and whose lease this call creates. */
    private static RunFolder claim(FileSystem fs, Path base, Path dir, String name) {
        Path candidate = dir;
        try {
            for (int version = 1; version <= MAX_VERSIONS; version++) {
                candidate = version == 1 ? dir : fs.makeQualified(new Path(base, name + "-" + version));
                if (fs.exists(candidate) && fs.listStatus(candidate).length > 0) {
                    continue;
                }
                fs.mkdirs(candidate);
                Optional<RunLease> lease = RunLease.claim(fs, candidate, LeaseTiming.current());
                if (lease.isPresent()) {
                    if (version > 1) {
                        LOG.warn("{} already holds another run; this run writes to {} instead (use --resume to "
                                + "continue it)", dir, candidate);
                    }
                    return new RunFolder(fs, candidate, true, lease.get(), true);
                }
            }
        } catch (IOException | FSError e) {
            throw new RunFolderWriteException(new Path(candidate, RunFiles.LEASE).toString(), e);
        }
        throw new IllegalStateException("no free run folder among " + dir + " .. " + name + "-" + MAX_VERSIONS);
    }

    public Path root() {
        return root;
    }

    public FileSystem fileSystem() {
        return fs;
    }

    /** The folder's lease this object writes under; null for a reader. */
    RunLease lease() {
        return lease;
    }

    /** True when this object claimed a new folder; false when it opened an existing run (resume, acquire, read). */
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
        String lost = lease != null ? lease.lost() : null;
        if (lost != null) {
            throw new RunFolderWriteException(target.toString(), new IOException("this run no longer holds the lease "
                    + "of run folder " + root + ": " + lost));
        }
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
     * {@link #writeAtomically} makes are touched; the caller must hold the folder's lease (its only writer).
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
     * Deletes the whole folder: only a folder this object claimed and still holds (so everything in it was written by
     * this run), for a run that failed before it produced anything worth keeping. Never a resumed run's folder.
     */
    public void deleteClaimed() {
        if (!claimedHere || !lease.held()) {
            throw new IllegalStateException(root + " was not claimed by this run, or is no longer held by it; it is "
                    + "never deleted");
        }
        lease.detach();
        try {
            fs.delete(root, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + root + ": " + e.getMessage(), e);
        }
    }

    /** Releases the folder's lease when this object took it; a reader's or a shared view's close does nothing. */
    @Override
    public void close() {
        if (ownsLease) {
            lease.close();
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
