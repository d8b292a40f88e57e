package critdamp.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a small stand-in for CIFAR-10 in the real binary format, for tests and smoke runs without the real data.
 * Each class is an oriented sine grating (its own angle and spatial frequency; random phase) in a colour shared with
 * one other class, under random brightness and contrast and strong per-pixel noise: learnable by a small CNN (it must
 * find orientation, not just colour or a fixed template) but not in a handful of steps. Deterministic by seed.
 * Tuned for the Spark tests: the small CNN on 2 workers (batch 32, averaging every 3 steps) goes from ~10% to ~88%
 * test accuracy in 33 steps, so a run that learns and one that does not are far apart in seconds of training.
 */
public final class SyntheticCifar10 {
    private static final int S = Cifar10Format.SIDE;
    /** Five colours (R, G, B weights in [-1, 1]); classes k and k + 5 share colour k. */
    private static final double[][] COLOURS = {
            {1.0, -0.5, -0.5}, {-0.5, 1.0, -0.5}, {-0.5, -0.5, 1.0}, {0.8, 0.8, -0.8}, {-0.8, 0.8, 0.8}};

    private SyntheticCifar10() {
    }

    /**
     * Writes {@code data_batch_1..5.bin} with {@code perTrainFile} records each and {@code test_batch.bin} with
     * {@code testRecords} records into {@code dir} (created if needed).
     *
     * @return {@code dir}
     */
    public static Path write(Path dir, int perTrainFile, int testRecords, long seed) throws IOException {
        if (perTrainFile < 1 || testRecords < 1) {
            throw new IllegalArgumentException("need at least one record per file, got " + perTrainFile + " and "
                    + testRecords);
        }
        Files.createDirectories(dir);
        SplittableRandom root = new SplittableRandom(seed);
        for (String name : Cifar10Format.TRAIN_FILES) {
            writeFile(dir.resolve(name), generate(perTrainFile, root.split()));
        }
        writeFile(dir.resolve(Cifar10Format.TEST_FILE), generate(testRecords, root.split()));
        return dir;
    }

    /** {@code n} synthetic records with uniformly random labels. */
    public static List<Cifar10Record> generate(int n, SplittableRandom rng) {
        List<Cifar10Record> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int label = rng.nextInt(Cifar10Format.CLASSES);
            out.add(new Cifar10Record(label, image(label, rng)));
        }
        return out;
    }

    /** One image of class {@code label}. */
    public static byte[] image(int label, SplittableRandom rng) {
        double angle = Math.PI * label / Cifar10Format.CLASSES;
        double freq = 2 * Math.PI / (label < 5 ? 6.0 : 9.0);
        double cos = Math.cos(angle) * freq;
        double sin = Math.sin(angle) * freq;
        double phase = rng.nextDouble(2 * Math.PI);
        double brightness = rng.nextDouble(-50, 50);
        double contrast = rng.nextDouble(0.4, 1.2);
        double[] colour = COLOURS[label % 5];
        byte[] px = new byte[Cifar10Format.PIXELS];
        for (int c = 0; c < Cifar10Format.CHANNELS; c++) {
            double tint = 0.5 + 0.5 * colour[c]; // 0..1: how strongly this channel carries the grating
            for (int y = 0; y < S; y++) {
                for (int x = 0; x < S; x++) {
                    double g = Math.sin(x * cos + y * sin + phase);
                    double v = 128 + brightness + contrast * (55 * tint * g + 12 * colour[c])
                            + 50 * rng.nextGaussian();
                    px[c * Cifar10Format.PLANE + y * S + x] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                }
            }
        }
        return px;
    }

    /** Writes records to one file in the CIFAR-10 binary format. */
    public static void writeFile(Path file, List<Cifar10Record> records) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (Cifar10Record r : records) {
                out.write(r.label());
                out.write(r.pixels());
            }
        }
    }
}
