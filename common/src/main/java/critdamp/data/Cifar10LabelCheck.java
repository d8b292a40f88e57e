package critdamp.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;

/**
 * Checks every label byte of a CIFAR-10 binary file in one sequential pass, so a bad label fails on the driver, by
 * file, record and byte offset, before any training (not at the first evaluation, inside a Spark task).
 *
 * <p>The whole file is streamed rather than seeking from label to label: a record is 3073 bytes, so every 4 KiB page
 * (and every HDFS packet) holds a label byte anyway, and one sequential read is the cheapest way over any Hadoop file
 * system (the six original files, 184 MB, take well under a second from the page cache).
 */
public final class Cifar10LabelCheck {
    private static final int BUFFER_BYTES = 1 << 20;

    private Cifar10LabelCheck() {
    }

    /**
     * Reads {@code file} (any Hadoop URI or path) and checks that it holds {@code records} whole records whose label
     * bytes are all in 0..9.
     *
     * @throws Cifar10FormatException naming the file and the first bad record, or a file shorter than expected
     */
    public static void check(Configuration conf, String file, int records) throws IOException {
        Path path = new Path(file);
        long expected = (long) records * Cifar10Format.RECORD_BYTES;
        FSDataInputStream in;
        try {
            in = path.getFileSystem(conf).open(path, BUFFER_BYTES);
        } catch (FileNotFoundException e) {
            throw new Cifar10FormatException(file, "missing: CIFAR-10 file not found", e);
        }
        try (in) {
            byte[] buf = new byte[BUFFER_BYTES];
            long pos = 0;
            long nextLabel = 0;
            while (pos < expected) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, expected - pos));
                if (n < 0) {
                    throw new Cifar10FormatException(file, "truncated: expected " + expected + " bytes ("
                            + records + " records), got " + pos + " bytes");
                }
                for (; nextLabel < pos + n; nextLabel += Cifar10Format.RECORD_BYTES) {
                    int label = buf[(int) (nextLabel - pos)] & 0xFF;
                    if (label >= Cifar10Format.CLASSES) {
                        throw Cifar10FormatException.badLabel(file, nextLabel / Cifar10Format.RECORD_BYTES, label);
                    }
                }
                pos += n;
            }
        }
    }
}
