package critdamp.spark.pipeline;

import critdamp.attribution.LayerAttribution;
import critdamp.engine.EngineKind;
import critdamp.engine.TrainableModel;
import critdamp.optim.OptimizerSpec;
import critdamp.retrain.GroupChoice;
import critdamp.run.RunFolder;
import critdamp.spark.data.TrainingData;
import critdamp.spark.train.DistributedTrainer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;

import java.util.List;
import java.util.Map;

/**
 * The trained network that the later stages (attribute, retrain) start from, whatever engine trained it: a DL4J graph
 * ({@link Dl4jTrainedModel}, on the code DL4J runs have always taken) or an engine-contract model
 * ({@link EngineTrainedModel}: the torch engine). It answers what differs between the engines; the stages do the rest
 * the same way for both (files, selection, arms, reports). Holds native memory for the torch engine: {@link #close}.
 */
public sealed interface TrainedModel extends AutoCloseable permits Dl4jTrainedModel, EngineTrainedModel {

    /** A DL4J graph. */
    static TrainedModel of(ComputationGraph graph) {
        return new Dl4jTrainedModel(graph);
    }

    /** An engine-contract model trained with {@code optimizer}; closing this closes {@code model}. */
    static TrainedModel of(TrainableModel model, OptimizerSpec optimizer) {
        return new EngineTrainedModel(model, optimizer);
    }

    EngineKind engine();

    /** Layer name to trainable parameter count, in network order (batch-norm running statistics excluded). */
    Map<String, Long> paramCounts();

    /**
     * Per-layer gradient attribution over {@code batches}, computed on the executors and merged on the driver in
     * partition order ({@link critdamp.spark.attribution.DistributedAttribution}).
     */
    LayerAttribution attribute(JavaSparkContext sc, JavaRDD<DataSet> batches, int treeDepth);

    /** The predicted class of every example of {@code batches}, in order (inference mode), on the driver. */
    int[] predict(List<DataSet> batches);

    /**
     * A copy for one retraining arm: the groups of {@code choice} train, every other group is frozen, the optimizer
     * ({@code optimizer}, the arm's) starts from zero state.
     */
    ArmCopy retrainable(GroupChoice choice, OptimizerSpec optimizer);

    /** Frees the model's native memory (nothing for a DL4J graph, which is left to its workspaces as before). */
    @Override
    void close();

    /** One retraining arm's copy of the trained network, and after training the corrected network. */
    interface ArmCopy extends AutoCloseable {
        /** Trains the copy from the start with {@code trainer} (the arm's config and folder) on {@code data}. */
        DistributedTrainer.Result train(DistributedTrainer trainer, TrainingData data);

        /**
         * After {@link #train}: the largest absolute change of any value of a frozen group (batch-norm running
         * statistics included) against the trained network, measured before any reset: 0 when freezing held.
         */
        double frozenDrift();

        /** Copies the trained network's frozen-group values into the corrected network. */
        void resetFrozen();

        /** The corrected network's predictions ({@link TrainedModel#predict}). */
        int[] predict(List<DataSet> batches);

        /** Saves the corrected network, every group unfrozen, as {@code corrected.zip} in {@code armFolder}. */
        void save(RunFolder armFolder);

        @Override
        void close();
    }
}
