package critdamp.retrain;

import critdamp.train.FrozenUpdater;
import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Makes a copy of a trained graph in which only chosen layers train: the input of targeted correction, which retrains
 * the layers attribution flagged and nothing else.
 *
 * <p>Every other layer with parameters is wrapped in DL4J's {@link FrozenLayerWithBackprop} (batch norm in its
 * subclass {@link FrozenBatchNorm}, whose backward pass is exact): errors still flow back through it to earlier
 * trained layers, its parameter gradients are zeroed and its updater is a no-op, and it gets no regularization
 * (weight decay, L1/L2) and no constraints (DL4J would apply the inner layer's weight decay to a wrapped layer, so
 * the inner configuration is neutralized too, see {@link #unwrap}). DL4J runs a frozen layer in inference mode always, so a frozen
 * batch-norm layer normalizes with its running mean and variance and never updates them (verified bit for bit by
 * {@code LayerFreezingTest}), and a frozen layer applies no dropout. An output layer cannot be wrapped (DL4J requires
 * an output layer at an output vertex); when it is not selected it is frozen in place instead: SGD with learning rate
 * 0 and no regularization, constraints, dropout or weight noise, so its parameters stay bit-identical too. This matches the usual fine-tuning practice of
 * keeping frozen batch norm in evaluation mode. Selected layers train as they did, with the given updater (for every
 * parameter, bias included); a selected batch-norm layer uses minibatch statistics and updates its running
 * statistics, as in ordinary training.
 *
 * <p>The copy starts with the trained graph's parameters (copied; the trained graph is never changed), a fresh updater
 * state, and iteration and epoch counts of 0, so that a schedule in {@code updater} starts at its beginning.
 */
public final class LayerFreezing {
    private LayerFreezing() {
    }

    /**
     * A new graph, with the same parameters as {@code trained}, in which only {@code layersToTrain} are trained (with
     * {@code updater}) and every other layer is frozen but backpropagates.
     *
     * @param layersToTrain names of layers with trainable parameters ({@link TrainableLayers}); at least one
     * @throws IllegalArgumentException for an empty set or an unknown name (listing the valid names), or a selected
     *                                  layer whose updater cannot be set
     */
    public static ComputationGraph retrainable(ComputationGraph trained, Set<String> layersToTrain, IUpdater updater) {
        Objects.requireNonNull(trained, "trained");
        Objects.requireNonNull(layersToTrain, "layersToTrain");
        Objects.requireNonNull(updater, "updater");
        if (layersToTrain.isEmpty()) {
            throw new IllegalArgumentException("layersToTrain: must name at least one layer; the layers with trainable"
                    + " parameters are " + TrainableLayers.paramCounts(trained).keySet());
        }
        TrainableLayers.requireKnown(layersToTrain, TrainableLayers.paramCounts(trained).keySet(), "layersToTrain");
        ComputationGraphConfiguration conf = trained.getConfiguration().clone();
        Set<String> outputs = Set.copyOf(conf.getNetworkOutputs());
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            NeuralNetConfiguration nnc = layerConf(e.getValue());
            if (nnc == null) {
                continue;
            }
            String name = e.getKey();
            org.deeplearning4j.nn.conf.layers.Layer inner = TrainableLayers.innerConf(nnc.getLayer());
            Layer runtime = trained.getLayer(name);
            if (runtime == null || runtime.numParams() == 0) {
                nnc.setLayer(inner);
            } else if (layersToTrain.contains(name)) {
                if (!(inner instanceof BaseLayer base)) {
                    throw new IllegalArgumentException("layer '" + name + "' (" + inner.getClass().getSimpleName()
                            + ") has no settable updater; it cannot be retrained");
                }
                base.setIUpdater(updater.clone());
                base.setBiasUpdater(null);
                nnc.setLayer(inner);
            } else if (outputs.contains(name)) {
                // DL4J needs an output layer itself at an output vertex, so it cannot be wrapped
                if (!(inner instanceof BaseLayer base)) {
                    throw new IllegalArgumentException("output layer '" + name + "' ("
                            + inner.getClass().getSimpleName() + ") cannot be frozen");
                }
                freezeInPlace(base);
                nnc.setLayer(inner);
            } else {
                // DL4J's updater reads the inner layer's regularization (weight decay would still shrink a wrapped
                // layer), so the inner configuration is neutralized as well
                if (inner instanceof BaseLayer base) {
                    freezeInPlace(base);
                }
                FrozenLayerWithBackprop frozen = inner instanceof BatchNormalization ? new FrozenBatchNorm(inner)
                        : new FrozenLayerWithBackprop(inner);
                frozen.setLayerName(name); // else DL4J's JSON reader sets the inner name to the wrapper's null
                nnc.setLayer(frozen);
            }
        }
        conf.setIterationCount(0);
        conf.setEpochCount(0);
        return withParams(conf, trained);
    }

    /**
     * A graph without frozen wrappers with a copy of {@code retrained}'s parameters and the same function in inference
     * mode. Formerly frozen layers keep their neutralized training configuration (learning rate 0, no regularization),
     * retrained layers the retraining updater; iteration and epoch counts are those of {@code retrained}; the updater
     * state starts fresh. To continue as the trained graph was configured, use {@link #restore}.
     */
    public static ComputationGraph unwrap(ComputationGraph retrained) {
        Objects.requireNonNull(retrained, "retrained");
        ComputationGraphConfiguration conf = retrained.getConfiguration().clone();
        conf.setIterationCount(retrained.getConfiguration().getIterationCount());
        conf.setEpochCount(retrained.getConfiguration().getEpochCount());
        for (GraphVertex v : conf.getVertices().values()) {
            NeuralNetConfiguration nnc = layerConf(v);
            if (nnc != null) {
                nnc.setLayer(TrainableLayers.innerConf(nnc.getLayer()));
            }
        }
        return withParams(conf, retrained);
    }

    /**
     * The original configuration of {@code trained} with a copy of the parameters of {@code retrained} (made from it
     * by {@link #retrainable}): the retrained network as the trained one was configured, updater and counts included.
     */
    public static ComputationGraph restore(ComputationGraph trained, ComputationGraph retrained) {
        Objects.requireNonNull(trained, "trained");
        Objects.requireNonNull(retrained, "retrained");
        if (trained.numParams() != retrained.numParams()) {
            throw new IllegalArgumentException("retrained has " + retrained.numParams() + " parameters, trained "
                    + trained.numParams() + ": not made from this graph");
        }
        ComputationGraphConfiguration conf = trained.getConfiguration().clone();
        conf.setIterationCount(trained.getConfiguration().getIterationCount());
        conf.setEpochCount(trained.getConfiguration().getEpochCount());
        return withParams(conf, retrained);
    }

    /** True when the named layer of {@code graph} is frozen by {@link #retrainable} (wrapped, or a zero-rate output). */
    public static boolean isFrozen(ComputationGraph graph, String layerName) {
        Layer layer = graph.getLayer(layerName);
        if (layer == null) {
            throw new IllegalArgumentException("no layer named '" + layerName + "'");
        }
        if (layer instanceof org.deeplearning4j.nn.layers.FrozenLayerWithBackprop) {
            return true;
        }
        return layer.conf().getLayer() instanceof BaseLayer base && FrozenUpdater.isFrozen(base);
    }

    /**
     * Neutralizes a layer configuration: plain SGD with learning rate 0 (the update 0 * gradient leaves every
     * parameter as it is), and no regularization, constraints, dropout or weight noise. Freezes an output layer on its
     * own; a wrapped layer gets it too because DL4J's updater reads the inner configuration's regularization.
     */
    private static void freezeInPlace(BaseLayer base) {
        base.setIUpdater(FrozenUpdater.create());
        base.setBiasUpdater(null);
        base.setRegularization(new ArrayList<>());
        base.setRegularizationBias(new ArrayList<>());
        base.setConstraints(null);
        base.setIDropout(null);
        base.setWeightNoise(null);
    }

    private static NeuralNetConfiguration layerConf(GraphVertex vertex) {
        return vertex instanceof LayerVertex lv && lv.getLayerConf() != null ? lv.getLayerConf() : null;
    }

    private static ComputationGraph withParams(ComputationGraphConfiguration conf, ComputationGraph source) {
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init(source.params().dup(), false);
        if (graph.numParams() != source.numParams()) {
            throw new IllegalStateException("parameter count changed from " + source.numParams() + " to "
                    + graph.numParams());
        }
        return graph;
    }
}
