package critdamp.retrain;

import critdamp.optim.FrozenUpdater;
import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.FrozenVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Makes a copy of a trained graph in which only chosen layers train: the input of targeted correction, which retrains
 * the layers attribution flagged and nothing else.
 *
 * <p>What "frozen" means is the same for every layer not chosen: its parameters stay bit-identical, it computes in
 * inference mode (a batch-norm layer normalizes with its running mean and variance and never updates them, verified
 * bit for bit by {@code LayerFreezingTest}; no dropout), and it gets no regularization (weight decay, L1/L2), no
 * constraints and the frozen updater ({@link FrozenUpdater}; DL4J's updater reads a wrapped layer's inner
 * configuration, so the inner configuration is neutralized too, see {@link #unwrap}). How much backward work a frozen
 * layer costs depends on where it sits ({@link BackpropReach}):
 * <ul>
 *   <li><b>below every trained layer</b> (no trained layer upstream): wrapped in DL4J's {@link FrozenLayer}, and a
 *       parameter-free vertex (pooling, residual addition) in DL4J's {@link FrozenVertex}. DL4J's
 *       {@code ComputationGraph.calcBackpropGradients} skips such vertices outright, so no backward pass runs below
 *       the lowest trained layer;</li>
 *   <li><b>above a trained layer</b>: the error signal must pass through it, so it is wrapped in DL4J's
 *       {@link FrozenLayerWithBackprop}, or for the two layer kinds that dominate critdamp's networks in a subclass
 *       that computes only the input gradient: {@link FrozenConvolution} (no weight gradient) and
 *       {@link FrozenBatchNorm} (the exact gradient of inference-mode batch norm);</li>
 *   <li><b>the output layer</b> cannot be wrapped (DL4J requires an output layer at an output vertex); when not chosen
 *       it is frozen in place: the frozen updater (learning rate 0) and no regularization, constraints, dropout or
 *       weight noise.</li>
 * </ul>
 * This matches the usual fine-tuning practice of keeping frozen batch norm in evaluation mode. Selected layers train
 * as they did, with the given updater (for every parameter, bias included); a selected batch-norm layer uses minibatch
 * statistics and updates its running statistics, as in ordinary training.
 *
 * <p>The copy starts with the trained graph's parameters (copied; the trained graph is never changed), a fresh updater
 * state, and iteration and epoch counts of 0, so that a schedule in {@code updater} starts at its beginning.
 */
public final class LayerFreezing {
    private LayerFreezing() {
    }

    /**
     * A new graph, with the same parameters as {@code trained}, in which only {@code layersToTrain} are trained (with
     * {@code updater}) and every other layer is frozen; the backward pass runs only where it reaches a trained layer.
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
        Set<String> reached = BackpropReach.of(conf, layersToTrain);
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            String name = e.getKey();
            NeuralNetConfiguration nnc = layerConf(e.getValue());
            if (nnc == null) {
                if (!reached.contains(name)) {
                    e.setValue(new FrozenVertex(e.getValue()));
                }
                continue;
            }
            org.deeplearning4j.nn.conf.layers.Layer inner = TrainableLayers.innerConf(nnc.getLayer());
            Layer runtime = trained.getLayer(name);
            boolean hasParams = runtime != null && runtime.numParams() > 0;
            if (layersToTrain.contains(name)) {
                if (!(inner instanceof BaseLayer base)) {
                    throw new IllegalArgumentException("layer '" + name + "' (" + inner.getClass().getSimpleName()
                            + ") has no settable updater; it cannot be retrained");
                }
                base.setIUpdater(updater.clone());
                base.setBiasUpdater(null);
                nnc.setLayer(inner);
            } else if (outputs.contains(name) && hasParams) {
                // DL4J needs an output layer itself at an output vertex, so it cannot be wrapped
                if (!(inner instanceof BaseLayer base)) {
                    throw new IllegalArgumentException("output layer '" + name + "' ("
                            + inner.getClass().getSimpleName() + ") cannot be frozen");
                }
                freezeInPlace(base);
                nnc.setLayer(inner);
            } else if (reached.contains(name) && !hasParams) {
                nnc.setLayer(inner);
            } else {
                nnc.setLayer(frozen(name, inner, reached.contains(name)));
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
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            if (e.getValue() instanceof FrozenVertex frozen) {
                e.setValue(frozen.getUnderlying());
            }
            NeuralNetConfiguration nnc = layerConf(e.getValue());
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
        if (layer instanceof org.deeplearning4j.nn.layers.FrozenLayerWithBackprop
                || layer instanceof org.deeplearning4j.nn.layers.FrozenLayer) {
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

    /**
     * The frozen wrapper of layer {@code name}: DL4J's {@link FrozenLayer} (no backward pass at all) where no trained
     * layer is upstream, else one that passes the error signal back, computing no parameter gradient where it can.
     */
    private static org.deeplearning4j.nn.conf.layers.Layer frozen(String name,
                                                                  org.deeplearning4j.nn.conf.layers.Layer inner,
                                                                  boolean backprop) {
        if (inner instanceof BaseLayer base) {
            freezeInPlace(base);
        }
        org.deeplearning4j.nn.conf.layers.Layer wrapper;
        if (!backprop) {
            wrapper = new FrozenLayer(inner);
        } else if (inner instanceof BatchNormalization) {
            wrapper = new FrozenBatchNorm(inner);
        } else if (FrozenConvolution.supports(inner)) {
            wrapper = new FrozenConvolution(inner);
        } else {
            wrapper = new FrozenLayerWithBackprop(inner);
        }
        wrapper.setLayerName(name); // else DL4J's JSON reader sets the inner name to the wrapper's null
        return wrapper;
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
