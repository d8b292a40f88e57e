package critdamp.spark.pipeline;

import critdamp.config.TrainConfig;
import critdamp.spark.data.CifarTrainingData;
import critdamp.spark.data.DataLocation;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The data a stage started on its own needs: the run's data location checked again (files may have moved since the
 * run) and the same per-worker shards, validation split and test batches the training used (same seed, same split).
 */
public final class StageData {
    private StageData() {
    }

    public static CifarTrainingData load(JavaSparkContext sc, TrainConfig cfg) {
        return CifarTrainingData.load(sc, cfg, DataLocation.resolve(cfg.data(), sc.hadoopConfiguration()));
    }
}
