package critdamp.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns records into DL4J minibatches: features {@code [n, 3, 32, 32]} (NCHW, normalised float), labels one-hot
 * {@code [n, 10]}. Each batch is filled into one float array and wrapped once, which is far cheaper than building
 * it op by op.
 */
public final class Cifar10Batches {
    private Cifar10Batches() {
    }

    /**
     * @param records            in the order the batches should have; the last, partial batch is included
     * @param batchSize          records per batch, >= 1
     * @param norm               per-channel normalisation
     * @param augmentationOrNull augmentation, or null for none
     * @param seed               seeds one {@link SplittableRandom} drawn from per record, in order
     */
    public static List<DataSet> toDataSets(List<Cifar10Record> records, int batchSize, ChannelNormalization norm,
                                           Augmentation augmentationOrNull, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (norm == null || norm.channels() != Cifar10Format.CHANNELS) {
            throw new IllegalArgumentException("need a 3-channel normalisation, got " + norm);
        }
        SplittableRandom rng = augmentationOrNull == null ? null : new SplittableRandom(seed);
        float[][] tables = {norm.table(0), norm.table(1), norm.table(2)};
        int total = records.size();
        List<DataSet> out = new ArrayList<>((total + batchSize - 1) / batchSize);
        for (int from = 0; from < total; from += batchSize) {
            int n = Math.min(batchSize, total - from);
            float[] features = new float[n * Cifar10Format.PIXELS];
            float[] labels = new float[n * Cifar10Format.CLASSES];
            for (int i = 0; i < n; i++) {
                Cifar10Record r = records.get(from + i);
                byte[] px = rng == null ? r.pixels() : augmentationOrNull.apply(r.pixels(), rng);
                int base = i * Cifar10Format.PIXELS;
                for (int c = 0; c < Cifar10Format.CHANNELS; c++) {
                    float[] t = tables[c];
                    int off = c * Cifar10Format.PLANE;
                    for (int p = 0; p < Cifar10Format.PLANE; p++) {
                        features[base + off + p] = t[px[off + p] & 0xFF];
                    }
                }
                labels[i * Cifar10Format.CLASSES + r.label()] = 1f;
            }
            INDArray f = Nd4j.create(features, new long[]{n, Cifar10Format.CHANNELS, Cifar10Format.SIDE,
                    Cifar10Format.SIDE}, 'c');
            INDArray l = Nd4j.create(labels, new long[]{n, Cifar10Format.CLASSES}, 'c');
            out.add(new DataSet(f, l));
        }
        return out;
    }
}
