package critdamp.data;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST in its original idx format (as shipped by Debian's {@code dataset-fashion-mnist} under
 * {@value #DEFAULT_DIR}, gzipped or not): 28x28 grey images in 10 classes, a second real data set for quick runs.
 * Holds one split in memory (60,000 images are 47 MB) and cuts it into DL4J batches {@code [n, 1, 28, 28]}.
 */
public final class FashionMnist {
    /** Where Debian's package puts the files. */
    public static final String DEFAULT_DIR = "/usr/share/datasets/fashion-mnist";
    public static final int SIDE = 28;
    public static final int PIXELS = SIDE * SIDE;
    public static final int CLASSES = 10;
    /** Mean and standard deviation of the training images (pixel values in [0, 1]). */
    public static final float MEAN = 0.2860f;
    public static final float STD = 0.3530f;
    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    private final byte[] pixels;
    private final byte[] labels;

    private FashionMnist(byte[] pixels, byte[] labels) {
        this.pixels = pixels;
        this.labels = labels;
    }

    /** The training split (60,000 images) from {@code dir}. */
    public static FashionMnist train(Path dir) throws IOException {
        return read(find(dir, "train-images-idx3-ubyte"), find(dir, "train-labels-idx1-ubyte"));
    }

    /** The test split (10,000 images) from {@code dir}. */
    public static FashionMnist test(Path dir) throws IOException {
        return read(find(dir, "t10k-images-idx3-ubyte"), find(dir, "t10k-labels-idx1-ubyte"));
    }

    private static Path find(Path dir, String base) throws IOException {
        for (String name : new String[]{base, base + ".gz"}) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        throw new IOException(dir.resolve(base) + "[.gz]: missing Fashion-MNIST file (Debian: apt-get install "
                + "dataset-fashion-mnist)");
    }

    /** Reads an idx3 image file and its idx1 label file (each optionally gzipped), checking headers and labels. */
    public static FashionMnist read(Path imagesFile, Path labelsFile) throws IOException {
        byte[] px;
        int n;
        try (DataInputStream in = open(imagesFile)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new IOException(imagesFile + ": not an idx3 image file (magic 0x" + Integer.toHexString(magic)
                        + ", expected 0x803)");
            }
            n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (n < 0 || rows != SIDE || cols != SIDE) {
                throw new IOException(imagesFile + ": expected n x 28 x 28 images, header says " + n + " x " + rows
                        + " x " + cols);
            }
            px = new byte[n * PIXELS];
            readFully(in, px, imagesFile);
        }
        byte[] lab;
        try (DataInputStream in = open(labelsFile)) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw new IOException(labelsFile + ": not an idx1 label file (magic 0x" + Integer.toHexString(magic)
                        + ", expected 0x801)");
            }
            int m = in.readInt();
            if (m != n) {
                throw new IOException(labelsFile + ": " + m + " labels for " + n + " images in " + imagesFile);
            }
            lab = new byte[n];
            readFully(in, lab, labelsFile);
        }
        for (int i = 0; i < n; i++) {
            if ((lab[i] & 0xFF) >= CLASSES) {
                throw new IOException(labelsFile + ": label out of range at record " + i + ": " + (lab[i] & 0xFF)
                        + ", expected 0..9");
            }
        }
        return new FashionMnist(px, lab);
    }

    private static DataInputStream open(Path f) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(f), 1 << 16);
        return new DataInputStream(f.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw);
    }

    private static void readFully(DataInputStream in, byte[] b, Path f) throws IOException {
        try {
            in.readFully(b);
        } catch (EOFException e) {
            throw new IOException(f + ": truncated: expected " + b.length + " bytes of data after the header", e);
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

    /**
     * Batches {@code [n, 1, 28, 28]} (pixels standardised by {@link #MEAN}/{@link #STD}) with one-hot labels
     * {@code [n, 10]}, in order, the last partial batch included; {@code limit} caps the number of images (or -1).
     */
    public List<DataSet> toDataSets(int batchSize, int limit) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        float[] table = new float[256];
        for (int v = 0; v < 256; v++) {
            table[v] = (v / 255f - MEAN) / STD;
        }
        int total = limit < 0 ? size() : Math.min(limit, size());
        List<DataSet> out = new ArrayList<>();
        for (int from = 0; from < total; from += batchSize) {
            int n = Math.min(batchSize, total - from);
            float[] f = new float[n * PIXELS];
            float[] l = new float[n * CLASSES];
            for (int i = 0; i < n; i++) {
                int src = (from + i) * PIXELS;
                for (int p = 0; p < PIXELS; p++) {
                    f[i * PIXELS + p] = table[pixels[src + p] & 0xFF];
                }
                l[i * CLASSES + labels[from + i]] = 1f;
            }
            out.add(new DataSet(Nd4j.create(f, new long[]{n, 1, SIDE, SIDE}, 'c'),
                    Nd4j.create(l, new long[]{n, CLASSES}, 'c')));
        }
        return out;
    }
}
