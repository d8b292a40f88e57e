package critdamp.config;

import critdamp.optim.OptimizerSpec;
import critdamp.base.ConfigException;
import critdamp.schedule.LearningRateSpec;
import critdamp.schedule.MomentumSpec;

/**
 * Everything one training run needs, as typed and validated values. Read from a YAML file under {@code conf/} with
 * command-line overrides by {@link ConfigLoader}; saved as {@code config.json} in the run folder, exactly as used.
 * Missing sections take documented defaults; unknown keys are errors.
 */
public record TrainConfig(RunSpec run, DataSpec data, ModelSpec model, OptimizerSpec optimizer,
                          LearningRateSpec learningRate, MomentumSpec momentum, TrainingSpec training,
                          SparkSpec spark, AttributionSpec attribution, RetrainingSpec retraining) {
    public TrainConfig {
        run = run == null ? new RunSpec(null, null, null) : run;
        data = data == null ? DataSpec.defaults() : data;
        model = model == null ? new ModelSpec(null) : model;
        optimizer = optimizer == null ? OptimizerSpec.defaults() : optimizer;
        if (learningRate == null) {
            throw new ConfigException("learningRate: section missing (e.g. learningRate: {kind: cosine, baseLr: 0.05})");
        }
        if (momentum == null) {
            throw new ConfigException("momentum: section missing (e.g. momentum: {kind: physics})");
        }
        training = training == null ? TrainingSpec.defaults() : training;
        spark = spark == null ? SparkSpec.defaults() : spark;
        attribution = attribution == null ? AttributionSpec.defaults() : attribution;
        retraining = retraining == null ? RetrainingSpec.defaults() : retraining;
        checkCrossFields(data, training, spark);
    }

    /** Checks that involve more than one section, in one place. */
    private static void checkCrossFields(DataSpec data, TrainingSpec training, SparkSpec spark) {
        if (data.maxTrainRecords() != null) {
            long perWorker = data.maxTrainRecords() / spark.workers();
            if (perWorker < training.batchSize()) {
                throw new ConfigException("training.batchSize = " + training.batchSize() + " is larger than a worker's "
                        + "partition (" + perWorker + " records = data.maxTrainRecords " + data.maxTrainRecords()
                        + " / spark.workers " + spark.workers() + "): lower the batch size or the number of workers");
            }
        }
    }
}
