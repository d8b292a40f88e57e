package critdamp.spark.pipeline;

import critdamp.config.TrainConfig;
import critdamp.spark.data.TrainingDataSets;
import critdamp.spark.data.TrainingData;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The data a stage started on its own needs: the run's data set located and checked again (files may have moved since
 * the run) and the same per-worker blocks, validation split and test batches the training used (same seed, same
 * split), whichever data set the run trained on.
 */
public final class StageData {
    private StageData() {
    }

    public static TrainingData load(JavaSparkContext sc, TrainConfig cfg) {
        return TrainingDataSets.load(sc, cfg).data();
    }
}
