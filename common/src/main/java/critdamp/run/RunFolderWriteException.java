package critdamp.run;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A file of a run folder that could not be written (full disk, quota, permissions, a lost HDFS datanode): the message
 * is one line naming the file and the file system's reason, e.g. {@code cannot write file:/r/checkpoints/ckpt-00000010
 * .zip: No space left on device}. Thrown for an {@link IOException} and for Hadoop's {@code FSError} alike (the local
 * file system reports a failed write as an {@code Error}), always after the write's temporary file was removed.
 */
public final class RunFolderWriteException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;
    private final String path;

    RunFolderWriteException(String path, Throwable cause) {
        super("cannot write " + path + ": " + reason(cause), asIOException(cause));
        this.path = path;
    }

    /** The file that could not be written. */
    public String path() {
        return path;
    }

    /** The innermost message of {@code t}'s causes: what the file system said ("No space left on device"). */
    static String reason(Throwable t) {
        String reason = null;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                reason = c.getMessage();
            }
        }
        return reason != null ? reason : t.getClass().getSimpleName();
    }

    private static IOException asIOException(Throwable t) {
        if (t instanceof IOException io) {
            return io;
        }
        if (t.getCause() instanceof IOException io) {
            return io;
        }
        return new IOException(t);
    }
}
