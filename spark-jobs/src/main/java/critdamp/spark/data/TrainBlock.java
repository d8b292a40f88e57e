package critdamp.spark.data;

import critdamp.data.Cifar10Record;
import critdamp.train.Seeds;

import java.io.Serializable;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The training records one worker owns for the whole run (one Spark partition, cached), and the validation records
 * carved from the same files. Each epoch visits the block in a fresh order derived from (seed, epoch, worker).
 */
public final class TrainBlock implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int worker;
    private final List<Cifar10Record> train;
    private final List<Cifar10Record> validation;

    public TrainBlock(int worker, List<Cifar10Record> train, List<Cifar10Record> validation) {
        this.worker = worker;
        this.train = List.copyOf(train);
        this.validation = List.copyOf(validation);
    }

    public int worker() {
        return worker;
    }

    public List<Cifar10Record> train() {
        return train;
    }

    public List<Cifar10Record> validation() {
        return validation;
    }

    /** The epoch's visiting order of {@link #train()}: a Fisher-Yates permutation seeded by (seed, epoch, worker). */
    public int[] order(long seed, int epoch) {
        int[] idx = new int[train.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, 0x5eed_0001L, epoch, worker));
        for (int i = idx.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return idx;
    }
}
