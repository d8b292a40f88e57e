package critdamp.attribution;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A private working copy of a classifier {@link ComputationGraph} that attribution runs on, so the caller's model,
 * its updater state and its transient buffers are never touched.
 *
 * <p>The copy is rebuilt from the configuration JSON and a copy of the parameters (the same route a Spark executor
 * takes), with dropout and weight noise removed so that gradients are deterministic: attribution must not depend on
 * random masks, nor on how the data is partitioned.
 *
 * <p>Two operations per minibatch:
 * <ul>
 *   <li>{@link #misclassified}: the network's output in <b>inference</b> mode (batch norm with its running
 *       statistics), argmax against the label's argmax;</li>
 *   <li>{@link #accumulateGradientSum}: DL4J's own backprop ({@code computeGradientAndScore}) over the <b>whole</b>
 *       minibatch with a per-example label mask that keeps only the selected examples. DL4J returns the gradient of
 *       the summed (not averaged) loss over unmasked examples, without l1/l2/weight-decay terms (those are applied by
 *       the updater), so the result is the sum of the selected examples' per-example gradients. Batch-norm layers
 *       backpropagate in training mode, i.e. with the statistics of the full minibatch, exactly as the optimizer sees
 *       them; their running statistics are not modified (no updater runs) and are not attributed.</li>
 * </ul>
 * Not thread-safe: use one probe per thread (one per Spark partition).
 */
public final class GradientProbe implements AttributionProbe<DataSet> {
    /** Batch-norm parameters that are moving averages, not gradient-trained. */
    private static final Set<String> BN_RUNNING_STATS = Set.of(BatchNormalizationParamInitializer.GLOBAL_MEAN,
            BatchNormalizationParamInitializer.GLOBAL_VAR, BatchNormalizationParamInitializer.GLOBAL_LOG_STD);

    private final ComputationGraph net;
    private final List<TrainableLayer> layers;

    private GradientProbe(ComputationGraph net) {
        if (net.getNumInputArrays() != 1 || net.getNumOutputArrays() != 1) {
            throw new IllegalArgumentException("attribution needs a single-input, single-output classifier; the graph has "
                    + net.getNumInputArrays() + " inputs and " + net.getNumOutputArrays() + " outputs");
        }
        this.net = net;
        this.layers = Collections.unmodifiableList(findTrainableLayers(net));
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("the graph has no parameterized layer to attribute");
        }
    }

    /** A working copy of {@code model} (configuration JSON and a copy of its parameters). */
    public static GradientProbe of(ComputationGraph model) {
        return of(model.getConfiguration().toJson(), model.params());
    }

    /**
     * A working copy built from a configuration JSON ({@link ComputationGraphConfiguration#toJson()}) and the flat
     * parameter vector ({@link ComputationGraph#params()}); the parameters are copied.
     */
    public static GradientProbe of(String configurationJson, INDArray params) {
        ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(configurationJson);
        for (GraphVertex vertex : conf.getVertices().values()) {
            if (vertex instanceof LayerVertex lv && lv.getLayerConf() != null) {
                org.deeplearning4j.nn.conf.layers.Layer layerConf = lv.getLayerConf().getLayer();
                layerConf.setIDropout(null);
                if (layerConf instanceof BaseLayer base) {
                    base.setWeightNoise(null);
                }
            }
        }
        ComputationGraph copy = new ComputationGraph(conf);
        copy.init(params.dup(), false);
        return new GradientProbe(copy);
    }

    /** The parameterized layers in the graph's topological order. */
    @Override
    public List<TrainableLayer> layers() {
        return layers;
    }

    /** The probe's own network (a copy): for reading parameters; do not train it. */
    public ComputationGraph network() {
        return net;
    }

    /** L2 norm of each layer's trainable parameters ||theta_l||, in {@link #layers()} order. */
    @Override
    public double[] parameterNorms() {
        double[] norms = new double[layers.size()];
        for (int i = 0; i < norms.length; i++) {
            TrainableLayer tl = layers.get(i);
            Layer layer = net.getLayer(tl.name());
            double sq = 0;
            for (String key : tl.paramKeys()) {
                double n = layer.getParam(key).norm2Number().doubleValue();
                sq += n * n;
            }
            norms[i] = Math.sqrt(sq);
        }
        return norms;
    }

    /**
     * For each example of {@code batch}: true when the network's inference-mode output argmax differs from the label
     * argmax.
     */
    @Override
    public boolean[] misclassified(DataSet batch) {
        INDArray labels = checkedLabels(batch);
        INDArray fMask = batch.getFeaturesMaskArray();
        INDArray out = net.output(false, new INDArray[] {batch.getFeatures()},
                fMask == null ? null : new INDArray[] {fMask})[0];
        long[] predicted = Nd4j.argMax(out, 1).toLongVector();
        long[] actual = Nd4j.argMax(labels, 1).toLongVector();
        boolean[] wrong = new boolean[predicted.length];
        for (int i = 0; i < wrong.length; i++) {
            wrong[i] = predicted[i] != actual[i];
        }
        net.clear();
        return wrong;
    }

    /**
     * Adds to {@code sums[l]} the sum over the selected examples of the per-example loss gradient w.r.t. layer l's
     * trainable parameters (flattened in parameter-key order, each parameter in 'c' order). Does nothing when no
     * example is selected.
     *
     * @param selected one flag per example of {@code batch}
     * @param sums     one array per layer of {@link #layers()}, of length {@link TrainableLayer#paramCount()}
     */
    @Override
    public void accumulateGradientSum(DataSet batch, boolean[] selected, double[][] sums) {
        INDArray labels = checkedLabels(batch);
        if (selected.length != labels.size(0)) {
            throw new IllegalArgumentException("selected has " + selected.length + " flags for " + labels.size(0)
                    + " examples");
        }
        if (sums.length != layers.size()) {
            throw new IllegalArgumentException("sums has " + sums.length + " layers, the probe " + layers.size());
        }
        double[] maskValues = new double[selected.length];
        int n = 0;
        for (int i = 0; i < selected.length; i++) {
            if (selected[i]) {
                maskValues[i] = 1.0;
                n++;
            }
        }
        if (n == 0) {
            return;
        }
        // Every example selected: no label mask (the same sum). This is also how a one-example minibatch passes:
        // DL4J reads a [1, 1] mask as per-output masking, which its softmax + MCXENT loss rejects.
        INDArray mask = n == selected.length ? null
                : Nd4j.create(maskValues, new long[] {selected.length, 1}).castTo(labels.dataType());
        INDArray fMask = batch.getFeaturesMaskArray();
        try {
            net.setInputs(batch.getFeatures());
            net.setLabels(labels);
            net.setLayerMaskArrays(fMask == null ? null : new INDArray[] {fMask},
                    mask == null ? null : new INDArray[] {mask});
            net.computeGradientAndScore();
            Gradient gradient = net.gradient();
            for (int l = 0; l < layers.size(); l++) {
                TrainableLayer tl = layers.get(l);
                double[] target = sums[l];
                if (target.length != tl.paramCount()) {
                    throw new IllegalArgumentException("sums[" + l + "] has length " + target.length + ", layer '"
                            + tl.name() + "' has " + tl.paramCount() + " parameters");
                }
                int offset = 0;
                for (String key : tl.paramKeys()) {
                    double[] g = toDoubles(gradient.getGradientFor(tl.name() + "_" + key));
                    for (int j = 0; j < g.length; j++) {
                        target[offset + j] += g[j];
                    }
                    offset += g.length;
                }
            }
        } finally {
            net.clearLayerMaskArrays();
            net.clear();
            INDArray flat = net.getFlattenedGradients();
            if (flat != null) {
                flat.assign(0);
            }
        }
    }

    static double[] toDoubles(INDArray array) {
        return array.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    private static INDArray checkedLabels(DataSet batch) {
        INDArray labels = batch.getLabels();
        if (labels == null || labels.rank() != 2) {
            throw new IllegalArgumentException("attribution needs one-hot labels of rank 2 [examples, classes]; got "
                    + (labels == null ? "none" : "rank " + labels.rank()));
        }
        if (batch.getLabelsMaskArray() != null) {
            throw new IllegalArgumentException("label mask arrays are not supported by attribution");
        }
        return labels;
    }

    private static List<TrainableLayer> findTrainableLayers(ComputationGraph net) {
        int[] order = net.topologicalSortOrder();
        Map<Integer, String> names = net.calculateIndices().getIdxToName();
        List<TrainableLayer> out = new ArrayList<>();
        for (int idx : order) {
            Layer layer = net.getLayer(names.get(idx));
            if (layer == null || layer.numParams() == 0) {
                continue; // an input, a non-layer vertex, or a layer without parameters
            }
            org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
            boolean batchNorm = conf instanceof BatchNormalization;
            List<String> keys = new ArrayList<>();
            long count = 0;
            for (Map.Entry<String, INDArray> p : layer.paramTable().entrySet()) {
                String key = p.getKey();
                if (conf.isPretrainParam(key) || (batchNorm && BN_RUNNING_STATS.contains(key))) {
                    continue;
                }
                keys.add(key);
                count += p.getValue().length();
            }
            if (!keys.isEmpty()) {
                out.add(new TrainableLayer(names.get(idx), keys, count));
            }
        }
        return out;
    }
}
