package critdamp.spark.data;

import critdamp.data.Cifar10Record;
import critdamp.train.Seeds;

import java.io.Serializable;
import java.util.List;

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

    /** The epoch's visiting order of {@link #train()}: {@link Seeds#epochOrder}. */
    public int[] order(long seed, int epoch) {
        return Seeds.epochOrder(seed, epoch, worker, train.size());
    }
}
