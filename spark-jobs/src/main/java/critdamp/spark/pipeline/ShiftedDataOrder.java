package critdamp.spark.pipeline;

import critdamp.spark.data.TrainingData;
import critdamp.train.RoundPlan;
import org.apache.spark.api.java.JavaRDD;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The same training data visited in another order: epoch e of data order d is the base data's epoch
 * {@code e + d * }{@value #EPOCHS_PER_ORDER}. Every data set draws an epoch's shuffle (and augmentation) from
 * (seed, epoch, worker) ({@link critdamp.train.Seeds#epochOrder}), so a shifted epoch is a fresh, replayable draw
 * over the same records; validation and test data are unchanged. The data-order replicate of the targeted arm trains
 * on it, so that it differs from the targeted arm in nothing but the data order.
 */
final class ShiftedDataOrder implements TrainingData {
    /** Far beyond any run's epoch count, so two orders never share an epoch. */
    static final int EPOCHS_PER_ORDER = 1_000_000;

    private final TrainingData base;
    private final int order;

    /** @param order >= 1; order 0 is the base data itself */
    ShiftedDataOrder(TrainingData base, int order) {
        if (order < 1) {
            throw new IllegalArgumentException("order = " + order + ": must be >= 1 (0 is the data itself)");
        }
        this.base = base;
        this.order = order;
    }

    /** {@code data} in data order {@code order} (0: itself). */
    static TrainingData of(TrainingData data, int order) {
        return order == 0 ? data : new ShiftedDataOrder(data, order);
    }

    @Override
    public int[] blockSizes() {
        return base.blockSizes();
    }

    @Override
    public JavaRDD<DataSet> roundBatches(int epoch, int round, RoundPlan plan) {
        return base.roundBatches(Math.addExact(epoch, Math.multiplyExact(order, EPOCHS_PER_ORDER)), round, plan);
    }

    @Override
    public JavaRDD<DataSet> testBatches() {
        return base.testBatches();
    }

    @Override
    public JavaRDD<DataSet> validationBatches() {
        return base.validationBatches();
    }

    @Override
    public long validationSize() {
        return base.validationSize();
    }

    /** Frees nothing: the base data belongs to the caller. */
    @Override
    public void release() {
    }
}
