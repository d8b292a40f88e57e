package critdamp.spark.train;

import critdamp.config.SparkSpec;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;

/**
 * Builds DL4J's parameter-averaging training master for one round: every worker trains its partition's minibatches
 * (at most {@code averagingFrequency} of them) and the driver averages parameters (and, if configured, the updater's
 * momentum state). Data stays where it is ({@code Repartition.Never}) and is handed to workers directly
 * ({@code RDDTrainingApproach.Direct}: no export to a shared file system needed). The workers' results are summed in
 * partition order ({@link OrderedAveragingTrainingMaster}), so a run repeats to the digit at any number of workers.
 */
public final class TrainingMasterFactory {
    private TrainingMasterFactory() {
    }

    /** The master for {@code spark}'s workers and averaging frequency, {@code batchSize} images per worker minibatch. */
    public static ParameterAveragingTrainingMaster create(SparkSpec spark, int batchSize, long seed) {
        if (spark.collectTimings()) {
            SparkContexts.useSystemClockForStats();
        }
        ParameterAveragingTrainingMaster.Builder builder = new ParameterAveragingTrainingMaster.Builder(
                spark.workers(), batchSize)
                .batchSizePerWorker(batchSize)
                .averagingFrequency(spark.averagingFrequency())
                .aggregationDepth(spark.aggregationDepth())
                .saveUpdater(spark.averageUpdaterState())
                .workerPrefetchNumBatches(0)
                .repartionData(Repartition.Never)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .rngSeed(seed)
                .collectTrainingStats(spark.collectTimings());
        return new OrderedAveragingTrainingMaster(builder);
    }
}
