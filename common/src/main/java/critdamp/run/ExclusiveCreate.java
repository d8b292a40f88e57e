package critdamp.run;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

/**
 * Creates a file only if none exists, as one atomic step: of any number of processes that try at the same moment,
 * exactly one succeeds. On HDFS that is {@code create(path, overwrite=false)} (the NameNode decides). Hadoop's local
 * file system implements the same call as check-then-create, which two processes can both pass, so local paths go
 * through {@code open(O_CREAT | O_EXCL)} instead ({@link StandardOpenOption#CREATE_NEW}). Object stores without a
 * conditional create (S3A before conditional writes) get Hadoop's best effort.
 */
final class ExclusiveCreate {
    private ExclusiveCreate() {
    }

    /**
     * Creates {@code file} holding {@code content}.
     *
     * @return true if this call created it; false if it existed already
     */
    static boolean create(FileSystem fs, Path file, byte[] content) throws IOException {
        RawLocalFileSystem local = rawLocal(fs);
        if (local != null) {
            try {
                Files.write(local.pathToFile(file).toPath(), content, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                return true;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                return false;
            }
        }
        try (FSDataOutputStream out = fs.create(file, false)) {
            out.write(content);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    private static RawLocalFileSystem rawLocal(FileSystem fs) {
        if (fs instanceof LocalFileSystem checksummed && checksummed.getRawFileSystem() instanceof RawLocalFileSystem r) {
            return r;
        }
        return fs instanceof RawLocalFileSystem r ? r : null;
    }
}
