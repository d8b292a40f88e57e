package critdamp.config;

import critdamp.optim.OptimizerKind;
import critdamp.optim.OptimizerSpec;
import critdamp.base.ConfigException;
import critdamp.engine.EngineKind;
import critdamp.schedule.LearningRateSpec;
import critdamp.schedule.MomentumSpec;

import java.util.function.UnaryOperator;

/**
 * Everything one training run needs, as typed and validated values, and the engine that trains it ({@code engine:
 * dl4j}, the default, or {@code torch}: {@link EngineKind}). Read from a YAML file under {@code conf/} with
 * command-line overrides by {@link ConfigLoader}; saved as {@code config.json} in the run folder, exactly as used.
 * Missing sections take documented defaults; unknown keys are errors.
 *
 * <p>A config derived from another (a sweep point, a scaling size, a retraining arm) is a typed copy: {@code
 * withLearningRate(lr -> lr.withBaseLr(0.1))}, or {@link #copy()} where several sections change together. Each copy
 * goes through the same constructors as a config read from a file, so a bad value fails with the same one-line
 * message naming its key. {@code key=value} strings are for the command line only ({@link ConfigLoader}).
 */
public record TrainConfig(RunSpec run, DataSpec data, ModelSpec model, OptimizerSpec optimizer,
                          LearningRateSpec learningRate, MomentumSpec momentum, TrainingSpec training,
                          SparkSpec spark, AttributionSpec attribution, RetrainingSpec retraining, EngineKind engine) {
    public TrainConfig {
        engine = engine == null ? EngineKind.DL4J : engine;
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
        checkEngine(engine, optimizer);
    }

    /** This config with its {@code run} section changed (name, results folder, seed). */
    public TrainConfig withRun(UnaryOperator<RunSpec> change) {
        return copy().run(change).build();
    }

    /** This config with its {@code learningRate} section changed. */
    public TrainConfig withLearningRate(UnaryOperator<LearningRateSpec> change) {
        return copy().learningRate(change).build();
    }

    /** This config with its {@code training} section changed. */
    public TrainConfig withTraining(UnaryOperator<TrainingSpec> change) {
        return copy().training(change).build();
    }

    /** This config trained by {@code engine}. */
    public TrainConfig withEngine(EngineKind engine) {
        return copy().engine(engine).build();
    }

    /** This config with its {@code retraining} section replaced. */
    public TrainConfig withRetraining(RetrainingSpec retraining) {
        return copy().retraining(r -> retraining).build();
    }

    /**
     * A copy to change several sections of at once, checked once when built: the cross-section checks see only the
     * end result (more workers with a smaller batch each never meets the larger batch on its way).
     */
    public Copy copy() {
        return new Copy(this);
    }

    /** Sections being changed; {@link #build} makes the config (MLlib's {@code copy(ParamMap)}, typed). */
    public static final class Copy {
        private RunSpec run;
        private DataSpec data;
        private ModelSpec model;
        private OptimizerSpec optimizer;
        private LearningRateSpec learningRate;
        private MomentumSpec momentum;
        private TrainingSpec training;
        private SparkSpec spark;
        private AttributionSpec attribution;
        private RetrainingSpec retraining;
        private EngineKind engine;

        private Copy(TrainConfig c) {
            run = c.run;
            data = c.data;
            model = c.model;
            optimizer = c.optimizer;
            learningRate = c.learningRate;
            momentum = c.momentum;
            training = c.training;
            spark = c.spark;
            attribution = c.attribution;
            retraining = c.retraining;
            engine = c.engine;
        }

        /** The engine that trains ({@code engine}). */
        public Copy engine(EngineKind engine) {
            this.engine = engine;
            return this;
        }

        public Copy run(UnaryOperator<RunSpec> change) {
            run = change.apply(run);
            return this;
        }

        public Copy data(UnaryOperator<DataSpec> change) {
            data = change.apply(data);
            return this;
        }

        public Copy model(UnaryOperator<ModelSpec> change) {
            model = change.apply(model);
            return this;
        }

        public Copy optimizer(UnaryOperator<OptimizerSpec> change) {
            optimizer = change.apply(optimizer);
            return this;
        }

        public Copy learningRate(UnaryOperator<LearningRateSpec> change) {
            learningRate = change.apply(learningRate);
            return this;
        }

        public Copy momentum(UnaryOperator<MomentumSpec> change) {
            momentum = change.apply(momentum);
            return this;
        }

        public Copy training(UnaryOperator<TrainingSpec> change) {
            training = change.apply(training);
            return this;
        }

        public Copy spark(UnaryOperator<SparkSpec> change) {
            spark = change.apply(spark);
            return this;
        }

        public Copy attribution(UnaryOperator<AttributionSpec> change) {
            attribution = change.apply(attribution);
            return this;
        }

        public Copy retraining(UnaryOperator<RetrainingSpec> change) {
            retraining = change.apply(retraining);
            return this;
        }

        /** The config, validated as a whole. */
        public TrainConfig build() {
            return new TrainConfig(run, data, model, optimizer, learningRate, momentum, training, spark, attribution,
                    retraining, engine);
        }
    }

    /**
     * The torch engine trains with heavy ball only: refused when the config is read, before any data is loaded or
     * any folder is made, rather than when the model is built.
     */
    private static void checkEngine(EngineKind engine, OptimizerSpec optimizer) {
        if (engine == EngineKind.TORCH && optimizer.kind() != OptimizerKind.HEAVY_BALL) {
            throw new ConfigException("optimizer.kind = " + optimizer.kind().configName() + ": engine = torch trains "
                    + "with heavy_ball only; use engine = dl4j for nesterov and adam");
        }
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
