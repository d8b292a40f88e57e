package critdamp.spark.train;

import critdamp.config.TrainConfig;
import critdamp.engine.Engine;
import critdamp.engine.EngineKind;
import critdamp.engine.NetworkSpec;
import critdamp.engine.TrainableModel;
import critdamp.model.Models;
import critdamp.optim.UpdaterFactory;
import critdamp.optim.WeightDecay;
import critdamp.run.Checkpoints;
import critdamp.run.RunFolder;
import critdamp.run.TrainingPosition;
import critdamp.spark.data.TrainingData;
import critdamp.spark.data.TrainingDataSets;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The network a run trains, held by the driver, and where it starts: for the DL4J engine its graph (trained through
 * DL4J's own parameter-averaging master), for another engine its {@link TrainableModel}. New, or restored from the run's
 * newest good checkpoint, which only the engine that wrote it loads.
 */
final class DriverModel implements AutoCloseable {
    private final ComputationGraph graph;
    private final TrainableModel model;
    private final TrainingPosition start;
    private final String file;

    private DriverModel(ComputationGraph graph, TrainableModel model, TrainingPosition start, String file) {
        this.graph = graph;
        this.model = model;
        this.start = start;
        this.file = file;
    }

    /** The configured network for the data set's input shape, weights drawn from the run's seed. */
    static DriverModel create(Engine engine, TrainConfig cfg, TrainingDataSets.Loaded data) {
        if (engine.kind() == EngineKind.DL4J) {
            return new DriverModel(Models.build(cfg.model().kind(), data.inputShape(), data.numClasses(),
                    UpdaterFactory.create(cfg.optimizer().kind()), cfg.run().seed(),
                    new WeightDecay(cfg.optimizer().weightDecay()), cfg.model().format()), null,
                    TrainingPosition.START, null);
        }
        NetworkSpec network = new NetworkSpec(cfg.model().kind(), cfg.model().format(), data.inputShape(),
                data.numClasses());
        return new DriverModel(null, engine.build(network, cfg.optimizer(), cfg.run().seed()), TrainingPosition.START,
                null);
    }

    /**
     * The run's newest checkpoint that passes its checksum, restored by {@code engine}.
     *
     * @throws critdamp.engine.EngineMismatchException when the other engine wrote it
     * @throws IllegalStateException                   when there is none
     */
    static DriverModel restore(Engine engine, Checkpoints checkpoints, RunFolder folder) {
        IllegalStateException none = new IllegalStateException("--resume: no usable checkpoint in " + folder
                + "/checkpoints");
        if (engine.kind() == EngineKind.DL4J) {
            Checkpoints.Loaded loaded = checkpoints.latestGood().orElseThrow(() -> none);
            return new DriverModel(loaded.model(), null, loaded.position(), loaded.file());
        }
        Checkpoints.LoadedModel loaded = checkpoints.latestGood(engine).orElseThrow(() -> none);
        return new DriverModel(null, loaded.model(), loaded.position(), loaded.file());
    }

    /** Where training starts: the beginning, or the checkpoint's position. */
    TrainingPosition start() {
        return start;
    }

    /** The checkpoint it was restored from; null for a new model. */
    String file() {
        return file;
    }

    long numParams() {
        return graph != null ? graph.numParams() : model.layout().size();
    }

    /** Trains it with {@code trainer} from {@link #start()}. */
    DistributedTrainer.Result train(DistributedTrainer trainer, TrainingData data) {
        return graph != null ? trainer.train(graph, start, data) : trainer.train(model, start, data);
    }

    /** Frees an engine model's native memory (a DL4J graph is left to its workspaces, as before). */
    @Override
    public void close() {
        if (model != null) {
            model.close();
        }
    }
}
