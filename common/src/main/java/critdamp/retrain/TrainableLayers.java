package critdamp.retrain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import critdamp.attribution.TrainableLayer;
import critdamp.engine.ParameterLayout;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The layers of a graph that targeted retraining can select: every layer with gradient-trained parameters, in the
 * graph's topological order, with the same counting as attribution ({@link critdamp.attribution.LayerScore}): batch
 * norm running statistics excluded. A layer wrapped as frozen counts as its inner layer, so a retraining graph lists
 * the same layers as the graph it was made from.
 */
public final class TrainableLayers {
    private static final Set<String> BN_RUNNING_STATS = Set.of(BatchNormalizationParamInitializer.GLOBAL_MEAN,
            BatchNormalizationParamInitializer.GLOBAL_VAR, BatchNormalizationParamInitializer.GLOBAL_LOG_STD);

    private TrainableLayers() {
    }

    /** The selectable layers in topological order. */
    public static List<TrainableLayer> of(ComputationGraph graph) {
        Map<Integer, String> names = graph.calculateIndices().getIdxToName();
        List<TrainableLayer> out = new ArrayList<>();
        for (int idx : graph.topologicalSortOrder()) {
            String name = names.get(idx);
            Layer layer = graph.getLayer(name);
            if (layer == null || layer.numParams() == 0) {
                continue;
            }
            org.deeplearning4j.nn.conf.layers.Layer conf = innerConf(layer.conf().getLayer());
            boolean batchNorm = conf instanceof BatchNormalization;
            List<String> keys = new ArrayList<>();
            long count = 0;
            for (Map.Entry<String, INDArray> p : layer.paramTable().entrySet()) {
                if (conf.isPretrainParam(p.getKey()) || (batchNorm && BN_RUNNING_STATS.contains(p.getKey()))) {
                    continue;
                }
                keys.add(p.getKey());
                count += p.getValue().length();
            }
            if (!keys.isEmpty()) {
                out.add(new TrainableLayer(name, keys, count));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Layer name to trainable parameter count, in topological order. */
    public static Map<String, Long> paramCounts(ComputationGraph graph) {
        return paramCounts(of(graph));
    }

    /** Layer name to trainable parameter count of an engine's layout ({@link TrainableLayer#of(ParameterLayout)}). */
    public static Map<String, Long> paramCounts(ParameterLayout layout) {
        return paramCounts(TrainableLayer.of(layout));
    }

    private static Map<String, Long> paramCounts(List<TrainableLayer> layers) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (TrainableLayer l : layers) {
            counts.put(l.name(), l.paramCount());
        }
        return Collections.unmodifiableMap(counts);
    }

    /**
     * Checks that every name is a selectable layer.
     *
     * @throws IllegalArgumentException naming the unknown names and listing the valid ones
     */
    static void requireKnown(Collection<String> names, Collection<String> valid, String what) {
        List<String> unknown = names.stream().filter(n -> !valid.contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(what + ": unknown layer name(s) " + unknown
                    + "; the layers with trainable parameters are " + valid);
        }
    }

    /** The layer configuration inside a frozen wrapper ({@link LayerFreezing}), or the configuration itself. */
    static org.deeplearning4j.nn.conf.layers.Layer innerConf(org.deeplearning4j.nn.conf.layers.Layer conf) {
        if (conf instanceof FrozenLayerWithBackprop f) {
            return f.getUnderlying();
        }
        return conf instanceof FrozenLayer f ? f.getLayer() : conf;
    }
}
