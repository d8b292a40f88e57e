package critdamp.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CIFAR-10 records through the Hadoop {@link FileSystem} API, so the same code reads local files, HDFS or S3 on
 * the executors. Each segment is one seek and large sequential reads; a short file or a bad label fails with a
 * {@link Cifar10FormatException} naming the file and the record.
 */
public final class Cifar10Reader {
    /** Records per read call (about 3 MB). */
    private static final int CHUNK_RECORDS = 1024;

    private Cifar10Reader() {
    }

    /** All records of one shard, in segment order. */
    public static List<Cifar10Record> read(Configuration conf, Cifar10Shard shard) throws IOException {
        List<Cifar10Record> out = new ArrayList<>(shard.size());
        for (Cifar10Segment seg : shard.segments()) {
            readSegment(conf, seg, out);
        }
        return out;
    }

    /** All records of one whole file (its size must be a positive multiple of the record size). */
    public static List<Cifar10Record> read(Configuration conf, String fileUri) throws IOException {
        int n = Cifar10Layout.recordCount(conf, fileUri);
        List<Cifar10Record> out = new ArrayList<>(n);
        readSegment(conf, new Cifar10Segment(fileUri, 0, n), out);
        return out;
    }

    /** Appends the records of one segment to {@code out}. */
    public static void readSegment(Configuration conf, Cifar10Segment seg, List<Cifar10Record> out)
            throws IOException {
        if (seg.size() == 0) {
            return;
        }
        String uri = seg.fileUri();
        Path path = new Path(uri);
        FileSystem fs = path.getFileSystem(conf);
        long start = (long) seg.firstRecord() * Cifar10Format.RECORD_BYTES;
        long expected = (long) seg.size() * Cifar10Format.RECORD_BYTES;
        FSDataInputStream in;
        try {
            in = fs.open(path, 1 << 20);
        } catch (FileNotFoundException e) {
            throw new Cifar10FormatException(uri, "missing: CIFAR-10 file not found", e);
        }
        try (in) {
            if (start > 0) {
                try {
                    in.seek(start);
                } catch (java.io.EOFException e) {
                    throw truncated(uri, seg, start, expected, 0);
                }
            }
            byte[] buf = new byte[Math.min(seg.size(), CHUNK_RECORDS) * Cifar10Format.RECORD_BYTES];
            int record = seg.firstRecord();
            long got = 0;
            while (record < seg.endRecord()) {
                int n = Math.min(seg.endRecord() - record, CHUNK_RECORDS);
                int want = n * Cifar10Format.RECORD_BYTES;
                int filled = fill(in, buf, want);
                got += filled;
                if (filled < want) {
                    throw truncated(uri, seg, start, expected, got);
                }
                for (int i = 0; i < n; i++) {
                    int off = i * Cifar10Format.RECORD_BYTES;
                    int label = buf[off] & 0xFF;
                    if (label >= Cifar10Format.CLASSES) {
                        throw Cifar10FormatException.badLabel(uri, record + i, label);
                    }
                    byte[] px = new byte[Cifar10Format.PIXELS];
                    System.arraycopy(buf, off + 1, px, 0, Cifar10Format.PIXELS);
                    out.add(new Cifar10Record(label, px));
                }
                record += n;
            }
        }
    }

    private static Cifar10FormatException truncated(String uri, Cifar10Segment seg, long start, long expected,
                                                    long got) {
        return new Cifar10FormatException(uri, "truncated: expected " + expected + " bytes for records "
                + seg.firstRecord() + ".." + (seg.endRecord() - 1) + " from byte offset " + start + ", got " + got
                + " bytes");
    }

    private static int fill(FSDataInputStream in, byte[] buf, int len) throws IOException {
        int off = 0;
        while (off < len) {
            int r = in.read(buf, off, len - off);
            if (r < 0) {
                break;
            }
            off += r;
        }
        return off;
    }
}
