package critdamp.retrain;

import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.FrozenVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The reference a retraining graph's savings are checked against: the same graph as {@link LayerFreezing} made it
 * before it skipped work, every frozen layer with parameters in DL4J's {@link FrozenLayerWithBackprop} (batch norm in
 * {@link FrozenBatchNorm}), parameter-free layers and vertices plain, so the backward pass runs down to the input and
 * every frozen convolution computes its weight gradient.
 */
final class FullBackprop {
    private FullBackprop() {
    }

    /** A copy of {@code retrain} (same parameters, fresh updater state) with every frozen layer backpropagating fully. */
    static ComputationGraph of(ComputationGraph retrain) {
        ComputationGraphConfiguration conf = retrain.getConfiguration().clone();
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            if (e.getValue() instanceof FrozenVertex frozen) {
                e.setValue(frozen.getUnderlying());
            }
            if (!(e.getValue() instanceof LayerVertex lv) || lv.getLayerConf() == null) {
                continue;
            }
            NeuralNetConfiguration nnc = lv.getLayerConf();
            Layer inner = nnc.getLayer() instanceof FrozenLayer f ? f.getLayer()
                    : nnc.getLayer() instanceof FrozenConvolution c ? c.getUnderlying() : null;
            if (inner == null) {
                continue;
            }
            if (retrain.getLayer(e.getKey()).numParams() == 0) {
                nnc.setLayer(inner);
            } else {
                Layer wrapper = inner instanceof BatchNormalization ? new FrozenBatchNorm(inner)
                        : new FrozenLayerWithBackprop(inner);
                wrapper.setLayerName(e.getKey());
                nnc.setLayer(wrapper);
            }
        }
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init(retrain.params().dup(), false);
        return graph;
    }
}
