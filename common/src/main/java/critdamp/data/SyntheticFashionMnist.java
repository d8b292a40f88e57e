package critdamp.data;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a small stand-in for Fashion-MNIST in the real idx format (both splits, gzipped like Debian's files or
 * plain), for tests and smoke runs without the real data. Each class is a bright 7x7 square at its own place on a
 * 4x3 grid (jittered by up to 2 pixels, random brightness) over a noisy dark background: a small CNN learns it within
 * a few dozen steps, and a network that does not learn stays near 10%. Deterministic by seed.
 */
public final class SyntheticFashionMnist {
    private static final int S = FashionMnist.SIDE;
    private static final int SQUARE = 7;

    private SyntheticFashionMnist() {
    }

    /**
     * Writes the four idx files ({@code train} training and {@code test} test images) into {@code dir} (created if
     * needed), each with a {@code .gz} suffix and gzipped when {@code gzip}.
     *
     * @return {@code dir}
     */
    public static Path write(Path dir, int train, int test, long seed, boolean gzip) throws IOException {
        if (train < 1 || test < 1) {
            throw new IllegalArgumentException("need at least one image per split, got " + train + " and " + test);
        }
        Files.createDirectories(dir);
        SplittableRandom root = new SplittableRandom(seed);
        writeSplit(dir, FashionMnist.TRAIN_IMAGES, FashionMnist.TRAIN_LABELS, train, root.split(), gzip);
        writeSplit(dir, FashionMnist.TEST_IMAGES, FashionMnist.TEST_LABELS, test, root.split(), gzip);
        return dir;
    }

    private static void writeSplit(Path dir, String imagesName, String labelsName, int n, SplittableRandom rng,
                                   boolean gzip) throws IOException {
        byte[] labels = new byte[n];
        byte[] pixels = new byte[n * FashionMnist.PIXELS];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) rng.nextInt(FashionMnist.CLASSES);
            System.arraycopy(image(labels[i], rng), 0, pixels, i * FashionMnist.PIXELS, FashionMnist.PIXELS);
        }
        String sfx = gzip ? ".gz" : "";
        try (DataOutputStream out = open(dir.resolve(imagesName + sfx), gzip)) {
            out.writeInt(0x803);
            out.writeInt(n);
            out.writeInt(S);
            out.writeInt(S);
            out.write(pixels);
        }
        try (DataOutputStream out = open(dir.resolve(labelsName + sfx), gzip)) {
            out.writeInt(0x801);
            out.writeInt(n);
            out.write(labels);
        }
    }

    private static DataOutputStream open(Path file, boolean gzip) throws IOException {
        OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        return new DataOutputStream(gzip ? new GZIPOutputStream(raw, 1 << 16) : raw);
    }

    /** One 28x28 image (row-major, unsigned bytes) of class {@code label}. */
    public static byte[] image(int label, SplittableRandom rng) {
        byte[] px = new byte[FashionMnist.PIXELS];
        for (int p = 0; p < px.length; p++) {
            px[p] = (byte) rng.nextInt(60);
        }
        int top = 1 + (label / 4) * 9 + rng.nextInt(-2, 3);
        int left = 1 + (label % 4) * 7 + rng.nextInt(-1, 2);
        int bright = 170 + rng.nextInt(86);
        for (int y = Math.max(0, top); y < Math.min(S, top + SQUARE); y++) {
            for (int x = Math.max(0, left); x < Math.min(S, left + SQUARE); x++) {
                px[y * S + x] = (byte) Math.min(255, bright + rng.nextInt(-30, 31));
            }
        }
        return px;
    }
}
