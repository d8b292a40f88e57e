package critdamp.spark.pipeline;

import critdamp.attribution.LayerAttribution;
import critdamp.engine.EngineKind;
import critdamp.optim.OptimizerSpec;
import critdamp.optim.UpdaterFactory;
import critdamp.retrain.GroupChoice;
import critdamp.retrain.LayerFreezing;
import critdamp.retrain.Predictions;
import critdamp.retrain.TrainableLayers;
import critdamp.run.RunFiles;
import critdamp.run.RunFolder;
import critdamp.run.TrainingPosition;
import critdamp.spark.attribution.DistributedAttribution;
import critdamp.spark.data.TrainingData;
import critdamp.spark.train.DistributedTrainer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A DL4J run's trained graph, as the stages have always used it: attribution by {@code GradientProbe} on the
 * executors, retraining copies with frozen layers wrapped by {@link LayerFreezing} and trained by DL4J's master,
 * predictions by the graph's own output, corrected networks saved as ModelSerializer zips.
 */
record Dl4jTrainedModel(ComputationGraph graph) implements TrainedModel {

    @Override
    public EngineKind engine() {
        return EngineKind.DL4J;
    }

    @Override
    public Map<String, Long> paramCounts() {
        return TrainableLayers.paramCounts(graph);
    }

    @Override
    public LayerAttribution attribute(JavaSparkContext sc, JavaRDD<DataSet> batches, int treeDepth) {
        return DistributedAttribution.compute(sc, batches, graph, treeDepth);
    }

    @Override
    public int[] predict(List<DataSet> batches) {
        return predict(graph, batches);
    }

    @Override
    public ArmCopy retrainable(GroupChoice choice, OptimizerSpec optimizer) {
        return new Copy(graph, choice.layerSet(),
                LayerFreezing.retrainable(graph, choice.layerSet(), UpdaterFactory.create(optimizer.kind())));
    }

    /** Nothing to free: a DL4J graph is left to its workspaces. */
    @Override
    public void close() {
    }

    private static int[] predict(ComputationGraph graph, List<DataSet> batches) {
        return Predictions.predict(graph, new ListDataSetIterator<>(batches, 1));
    }

    /**
     * The retraining graph (frozen layers wrapped) and, once trained, the corrected graph: the same configuration as
     * the trained one with the retrained values ({@link LayerFreezing#restore}).
     */
    private static final class Copy implements ArmCopy {
        private final ComputationGraph trained;
        private final Set<String> trainedLayers;
        private final ComputationGraph retrainable;
        private ComputationGraph corrected;

        Copy(ComputationGraph trained, Set<String> trainedLayers, ComputationGraph retrainable) {
            this.trained = trained;
            this.trainedLayers = trainedLayers;
            this.retrainable = retrainable;
        }

        @Override
        public DistributedTrainer.Result train(DistributedTrainer trainer, TrainingData data) {
            return trainer.train(retrainable, TrainingPosition.START, data);
        }

        private ComputationGraph corrected() {
            if (corrected == null) {
                corrected = LayerFreezing.restore(trained, retrainable);
            }
            return corrected;
        }

        /** The largest absolute difference of any parameter of a frozen layer (running statistics included). */
        @Override
        public double frozenDrift() {
            double drift = 0;
            for (Layer layer : frozenLayers()) {
                INDArray now = corrected().getLayer(layer.conf().getLayer().getLayerName()).params();
                drift = Math.max(drift, now.sub(layer.params()).amaxNumber().doubleValue());
            }
            return drift;
        }

        @Override
        public void resetFrozen() {
            for (Layer layer : frozenLayers()) {
                corrected().getLayer(layer.conf().getLayer().getLayerName()).params().assign(layer.params());
            }
        }

        @Override
        public int[] predict(List<DataSet> batches) {
            return Dl4jTrainedModel.predict(corrected(), batches);
        }

        /** A plain (unwrapped) ModelSerializer zip with the updater state. */
        @Override
        public void save(RunFolder armFolder) {
            try {
                Path local = Files.createTempFile("critdamp-corrected", ".zip");
                try {
                    ModelSerializer.writeModel(corrected(), local.toFile(), true);
                    armFolder.copyFromLocalAtomically(local, RunFiles.CORRECTED_ZIP);
                } finally {
                    Files.deleteIfExists(local);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot save the corrected model in " + armFolder, e);
            }
        }

        @Override
        public void close() {
        }

        /** The trained graph's layers with parameters outside the retrained ones. */
        private List<Layer> frozenLayers() {
            return Arrays.stream(trained.getLayers())
                    .filter(l -> l.numParams() > 0 && !trainedLayers.contains(l.conf().getLayer().getLayerName()))
                    .toList();
        }
    }
}
