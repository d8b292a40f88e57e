package critdamp.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST in its original idx format (as shipped by Debian's {@code dataset-fashion-mnist} under
 * {@value #DEFAULT_DIR}, gzipped or not): 28x28 grey images in 10 classes, a second real data set for quick runs.
 * Holds one split (or a chosen subset of one) in memory as plain byte arrays (60,000 images are 47 MB), so it is
 * {@link Serializable} and can travel to Spark executors, and cuts it into DL4J batches {@code [n, 1, 28, 28]}, in
 * file order or in any order of image indices.
 *
 * <p>Files are read from a local {@link Path}, from any Hadoop file system ({@code file:}, {@code hdfs:}, {@code s3a:}
 * URIs) or from two streams; gzip is recognised by its magic bytes.
 */
public final class FashionMnist implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Where Debian's package puts the files. */
    public static final String DEFAULT_DIR = "/usr/share/datasets/fashion-mnist";
    public static final int SIDE = 28;
    public static final int PIXELS = SIDE * SIDE;
    public static final int CLASSES = 10;
    /** Images in the training file. */
    public static final int TRAIN_RECORDS = 60_000;
    /** Mean and standard deviation of the training images (pixel values in [0, 1]). */
    public static final float MEAN = 0.2860f;
    public static final float STD = 0.3530f;
    /** File names (without {@code .gz}) of the two splits. */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    private static final String INSTALL_HINT = "Debian: apt-get install dataset-fashion-mnist, or set data.dir";
    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;
    /** An idx1 label file's header: magic and count, before the first label byte. */
    private static final int LABELS_HEADER_BYTES = 8;

    private final byte[] pixels;
    private final byte[] labels;

    private FashionMnist(byte[] pixels, byte[] labels) {
        this.pixels = pixels;
        this.labels = labels;
    }

    /** The training split (60,000 images) from {@code dir}. */
    public static FashionMnist train(Path dir) throws IOException {
        return read(find(dir, TRAIN_IMAGES), find(dir, TRAIN_LABELS));
    }

    /** The test split (10,000 images) from {@code dir}. */
    public static FashionMnist test(Path dir) throws IOException {
        return read(find(dir, TEST_IMAGES), find(dir, TEST_LABELS));
    }

    /** The training split from directory {@code dir}, any Hadoop URI or local path. */
    public static FashionMnist train(Configuration conf, String dir) throws IOException {
        return read(conf, find(conf, dir, TRAIN_IMAGES), find(conf, dir, TRAIN_LABELS));
    }

    /** The test split from directory {@code dir}, any Hadoop URI or local path. */
    public static FashionMnist test(Configuration conf, String dir) throws IOException {
        return read(conf, find(conf, dir, TEST_IMAGES), find(conf, dir, TEST_LABELS));
    }

    private static Path find(Path dir, String base) throws IOException {
        for (String name : new String[]{base, base + ".gz"}) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        throw DataFormatException.of(dir.resolve(base) + "[.gz]", "missing Fashion-MNIST file (" + INSTALL_HINT + ")");
    }

    private static org.apache.hadoop.fs.Path find(Configuration conf, String dir, String base) throws IOException {
        org.apache.hadoop.fs.Path d = new org.apache.hadoop.fs.Path(dir);
        FileSystem fs = d.getFileSystem(conf);
        for (String name : new String[]{base, base + ".gz"}) {
            org.apache.hadoop.fs.Path f = new org.apache.hadoop.fs.Path(d, name);
            if (fs.isFile(f)) {
                return f;
            }
        }
        throw DataFormatException.of(new org.apache.hadoop.fs.Path(d, base) + "[.gz]",
                "missing Fashion-MNIST file (" + INSTALL_HINT + ")");
    }

    /** Reads an idx3 image file and its idx1 label file (each optionally gzipped), checking headers and labels. */
    public static FashionMnist read(Path imagesFile, Path labelsFile) throws IOException {
        try (InputStream images = Files.newInputStream(imagesFile);
             InputStream labels = Files.newInputStream(labelsFile)) {
            return read(images, imagesFile.toString(), labels, labelsFile.toString());
        }
    }

    private static FashionMnist read(Configuration conf, org.apache.hadoop.fs.Path imagesFile,
                                     org.apache.hadoop.fs.Path labelsFile) throws IOException {
        try (InputStream images = imagesFile.getFileSystem(conf).open(imagesFile);
             InputStream labels = labelsFile.getFileSystem(conf).open(labelsFile)) {
            return read(images, imagesFile.toString(), labels, labelsFile.toString());
        }
    }

    /**
     * Reads an idx3 image stream and its idx1 label stream (each optionally gzipped), checking headers and labels.
     * The streams are read to the end of the data but not closed; the names only go into error messages.
     */
    public static FashionMnist read(InputStream imagesIn, String imagesName, InputStream labelsIn, String labelsName)
            throws IOException {
        byte[] px;
        int n;
        DataInputStream in = open(imagesIn);
        int magic = in.readInt();
        if (magic != IMAGES_MAGIC) {
            throw DataFormatException.of(imagesName, "not an idx3 image file (magic 0x"
                    + Integer.toHexString(magic) + ", expected 0x803)");
        }
        n = in.readInt();
        int rows = in.readInt();
        int cols = in.readInt();
        if (n < 0 || n > Integer.MAX_VALUE / PIXELS || rows != SIDE || cols != SIDE) {
            throw DataFormatException.of(imagesName, "expected n x 28 x 28 images, header says " + n + " x "
                    + rows + " x " + cols);
        }
        px = new byte[n * PIXELS];
        readFully(in, px, imagesName);
        in = open(labelsIn);
        magic = in.readInt();
        if (magic != LABELS_MAGIC) {
            throw DataFormatException.of(labelsName, "not an idx1 label file (magic 0x"
                    + Integer.toHexString(magic) + ", expected 0x801)");
        }
        int m = in.readInt();
        if (m != n) {
            throw DataFormatException.of(labelsName, m + " labels for " + n + " images in " + imagesName);
        }
        byte[] lab = new byte[n];
        readFully(in, lab, labelsName);
        for (int i = 0; i < n; i++) {
            if ((lab[i] & 0xFF) >= CLASSES) {
                throw new DataFormatException(labelsName, DataFormatException.badLabel(labelsName, i,
                        labelsName.endsWith(".gz") ? "uncompressed byte offset" : "byte offset",
                        LABELS_HEADER_BYTES + i, lab[i] & 0xFF, CLASSES), null);
            }
        }
        return new FashionMnist(px, lab);
    }

    /** Buffers {@code raw} and unzips it when it starts with the gzip magic bytes (an idx file starts with 0x00). */
    private static DataInputStream open(InputStream raw) throws IOException {
        BufferedInputStream buf = new BufferedInputStream(raw, 1 << 16);
        buf.mark(2);
        int b0 = buf.read();
        int b1 = buf.read();
        buf.reset();
        boolean gz = b0 == 0x1f && b1 == 0x8b;
        return new DataInputStream(gz ? new BufferedInputStream(new GZIPInputStream(buf, 1 << 16), 1 << 16) : buf);
    }

    private static void readFully(DataInputStream in, byte[] b, String name) throws IOException {
        try {
            in.readFully(b);
        } catch (EOFException e) {
            throw new DataFormatException(name, name + ": truncated: expected " + b.length
                    + " bytes of data after the header", e);
        }
    }

    public int size() {
        return labels.length;
    }

    public int label(int i) {
        return labels[i];
    }

    /** Unsigned value of image {@code i} at row {@code y}, column {@code x}. */
    public int pixel(int i, int y, int x) {
        return pixels[i * PIXELS + y * SIDE + x] & 0xFF;
    }

    /** A copy holding only images {@code indices}, in that order (image k of the result is image indices[k]). */
    public FashionMnist subset(int[] indices) {
        byte[] px = new byte[indices.length * PIXELS];
        byte[] lab = new byte[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = checkIndex(indices[k]);
            System.arraycopy(pixels, i * PIXELS, px, k * PIXELS, PIXELS);
            lab[k] = labels[i];
        }
        return new FashionMnist(px, lab);
    }

    /** A copy holding images {@code from} (inclusive) to {@code to} (exclusive). */
    public FashionMnist range(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") of " + size() + " images");
        }
        int[] idx = new int[to - from];
        for (int k = 0; k < idx.length; k++) {
            idx[k] = from + k;
        }
        return subset(idx);
    }

    /**
     * Batches {@code [n, 1, 28, 28]} (pixels standardised by {@link #MEAN}/{@link #STD}) with one-hot labels
     * {@code [n, 10]}, in order, the last partial batch included; {@code limit} caps the number of images (or -1).
     */
    public List<DataSet> toDataSets(int batchSize, int limit) {
        int total = limit < 0 ? size() : Math.min(limit, size());
        int[] order = new int[total];
        for (int i = 0; i < total; i++) {
            order[i] = i;
        }
        return toDataSets(order, batchSize);
    }

    /**
     * Batches as {@link #toDataSets(int, int)} of the images {@code order[0], order[1], ...} in that order (an index
     * may repeat), the last partial batch included: how an epoch's shuffled order becomes minibatches.
     */
    public List<DataSet> toDataSets(int[] order, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        float[] table = new float[256];
        for (int v = 0; v < 256; v++) {
            table[v] = (v / 255f - MEAN) / STD;
        }
        List<DataSet> out = new ArrayList<>();
        for (int from = 0; from < order.length; from += batchSize) {
            int n = Math.min(batchSize, order.length - from);
            float[] f = new float[n * PIXELS];
            float[] l = new float[n * CLASSES];
            for (int k = 0; k < n; k++) {
                int img = checkIndex(order[from + k]);
                int src = img * PIXELS;
                for (int p = 0; p < PIXELS; p++) {
                    f[k * PIXELS + p] = table[pixels[src + p] & 0xFF];
                }
                l[k * CLASSES + labels[img]] = 1f;
            }
            out.add(new DataSet(Nd4j.create(f, new long[]{n, 1, SIDE, SIDE}, 'c'),
                    Nd4j.create(l, new long[]{n, CLASSES}, 'c')));
        }
        return out;
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= labels.length) {
            throw new IndexOutOfBoundsException("image " + i + " of " + labels.length);
        }
        return i;
    }
}
