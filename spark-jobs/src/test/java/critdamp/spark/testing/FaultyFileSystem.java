package critdamp.spark.testing;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FsErrors;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.stream.Stream;

/**
 * The local file system under the scheme {@value #SCHEME}{@code :///} (register it with {@code fs.faulty.impl}), with
 * faults a test switches on: a volume of limited size that fills up as files are written and frees space as they are
 * deleted (a write past it throws what Hadoop's local file system throws on a full disk: {@code FSError} "No space
 * left on device", after writing what still fits), a volume that fills up when a named file is created, and creates
 * that fail with an {@link IOException} (permissions, a lost datanode). The state is static: Hadoop caches file
 * system instances, and the code under test opens its own.
 */
public final class FaultyFileSystem extends RawLocalFileSystem {
    public static final String SCHEME = "faulty";
    private static volatile java.nio.file.Path volume;
    private static volatile long capacity = Long.MAX_VALUE;
    private static volatile String fillUpOn;
    private static volatile long fillUpHeadroom;
    private static volatile String failCreatesOf;
    private static volatile String failureMessage;

    /** Puts everything back: no limit, no faults. */
    public static synchronized void reset() {
        volume = null;
        capacity = Long.MAX_VALUE;
        fillUpOn = null;
        failCreatesOf = null;
    }

    /** The volume: files under {@code root} count against {@code capacityBytes} (Long.MAX_VALUE: no limit). */
    public static synchronized void volume(java.nio.file.Path root, long capacityBytes) {
        volume = root.toAbsolutePath();
        capacity = capacityBytes;
    }

    /** When a file whose name contains {@code nameFragment} is created, the volume fills up after {@code headroom} more bytes. */
    public static synchronized void fillUpWhenCreating(String nameFragment, long headroom) {
        fillUpOn = nameFragment;
        fillUpHeadroom = headroom;
    }

    /** Creating a file whose name contains {@code nameFragment} fails with an IOException saying {@code message}. */
    public static synchronized void failCreates(String nameFragment, String message) {
        failCreatesOf = nameFragment;
        failureMessage = message;
    }

    /** Bytes the files under the volume hold now. */
    public static long used() {
        java.nio.file.Path root = volume;
        if (root == null || !Files.exists(root)) {
            return 0;
        }
        try (Stream<java.nio.file.Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0; // files vanish while the run deletes them: count again on the next write
        }
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
                                     Progressable progress) throws IOException {
        beforeCreate(f);
        return limited(super.create(f, overwrite, bufferSize, replication, blockSize, progress), f);
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                     short replication, long blockSize, Progressable progress) throws IOException {
        beforeCreate(f);
        return limited(super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress), f);
    }

    private void beforeCreate(Path f) throws IOException {
        String failOn = failCreatesOf;
        if (failOn != null && f.getName().contains(failOn)) {
            throw new IOException(failureMessage);
        }
        synchronized (FaultyFileSystem.class) {
            if (fillUpOn != null && f.getName().contains(fillUpOn)) {
                capacity = used() + fillUpHeadroom;
                fillUpOn = null;
            }
        }
    }

    private FSDataOutputStream limited(FSDataOutputStream out, Path f) throws IOException {
        File file = pathToFile(f);
        boolean onVolume = volume != null && file.toPath().toAbsolutePath().startsWith(volume);
        return onVolume ? new FSDataOutputStream(new Limited(out), null) : out;
    }

    /** Writes only while the volume has room; past it, writes what fits and throws as a full local disk does. */
    private static final class Limited extends OutputStream {
        private final FSDataOutputStream out;

        Limited(FSDataOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            long free = capacity == Long.MAX_VALUE ? Long.MAX_VALUE : capacity - used();
            if (len > free) {
                int fits = (int) Math.max(0, free);
                out.write(b, off, fits);
                out.flush();
                throw FsErrors.noSpaceLeft();
            }
            out.write(b, off, len);
            out.flush(); // so the volume's usage is what the files hold
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
