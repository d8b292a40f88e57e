package critdamp.spark.data;

import critdamp.train.RoundPlan;
import org.apache.spark.api.java.JavaRDD;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The data a distributed training run sees, as RDDs of minibatches. One partition per worker; the records stay cached
 * on the executors and each round's minibatches (ordered, augmented) are derived there, not on the driver.
 */
public interface TrainingData {
    /** Training records held by each worker (partition), in partition order. */
    int[] blockSizes();

    /** Minibatches of round {@code round} of epoch {@code epoch}: partition w holds worker w's batches. */
    JavaRDD<DataSet> roundBatches(int epoch, int round, RoundPlan plan);

    /** The test set as normalised, unaugmented minibatches. Only measured, never used to choose anything. */
    JavaRDD<DataSet> testBatches();

    /** The validation split carved from the training files (may be empty). */
    JavaRDD<DataSet> validationBatches();

    /** Number of validation records. */
    long validationSize();

    /** Frees cached data. */
    void release();
}
