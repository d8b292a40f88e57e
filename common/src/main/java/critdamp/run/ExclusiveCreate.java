package critdamp.run;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.ipc.RemoteException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Creates a file only if none exists, as one atomic step: of any number of processes that try at the same moment,
 * exactly one succeeds. On HDFS that is {@code create(path, overwrite=false)} (the NameNode decides). Hadoop's local
 * file system implements the same call as check-then-create, which two processes can both pass, so local paths go
 * through {@code open(O_CREAT | O_EXCL)} instead ({@link StandardOpenOption#CREATE_NEW}). Object stores without a
 * conditional create (S3A before conditional writes) get Hadoop's best effort.
 */
final class ExclusiveCreate {
    /**
     * What an HDFS NameNode answers to {@code create(path, false)} when another client created the file a moment ago
     * and is still writing it (its HDFS lease is live), besides {@link FileAlreadyExistsException}: the file exists.
     */
    private static final Set<String> EXISTS_ON_NAMENODE = Set.of(
            "org.apache.hadoop.hdfs.protocol.AlreadyBeingCreatedException",
            "org.apache.hadoop.hdfs.protocol.RecoveryInProgressException",
            FileAlreadyExistsException.class.getName());

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
        } catch (RemoteException e) {
            if (EXISTS_ON_NAMENODE.contains(e.getClassName())) {
                return false;
            }
            throw e;
        }
    }

    private static RawLocalFileSystem rawLocal(FileSystem fs) {
        if (fs instanceof LocalFileSystem checksummed && checksummed.getRawFileSystem() instanceof RawLocalFileSystem r) {
            return r;
        }
        return fs instanceof RawLocalFileSystem r ? r : null;
    }
}
