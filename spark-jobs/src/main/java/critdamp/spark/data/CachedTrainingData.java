package critdamp.spark.data;

import org.apache.spark.api.java.JavaRDD;
import org.nd4j.linalg.dataset.DataSet;

/**
 * What every data set's {@link TrainingData} holds in the same way: one cached partition of training records per
 * worker ({@code blocks}, of a data-set-specific block type), and the test and validation sets as cached,
 * normalised minibatches. Subclasses say how a round's minibatches are cut from a block.
 *
 * @param <B> the per-worker block type held by {@code blocks}
 */
abstract class CachedTrainingData<B> implements TrainingData {
    protected final JavaRDD<B> blocks;
    private final JavaRDD<DataSet> test;
    private final JavaRDD<DataSet> validation;
    private final int[] blockSizes;
    private final long validationSize;

    CachedTrainingData(JavaRDD<B> blocks, JavaRDD<DataSet> test, JavaRDD<DataSet> validation, int[] blockSizes,
                       long validationSize) {
        this.blocks = blocks;
        this.test = test;
        this.validation = validation;
        this.blockSizes = blockSizes;
        this.validationSize = validationSize;
    }

    @Override
    public int[] blockSizes() {
        return blockSizes.clone();
    }

    @Override
    public JavaRDD<DataSet> testBatches() {
        return test;
    }

    @Override
    public JavaRDD<DataSet> validationBatches() {
        return validation;
    }

    @Override
    public long validationSize() {
        return validationSize;
    }

    @Override
    public void release() {
        blocks.unpersist(false);
        test.unpersist(false);
        validation.unpersist(false);
    }
}
