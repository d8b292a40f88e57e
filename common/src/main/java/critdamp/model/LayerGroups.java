package critdamp.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Groups a network's layers that hold parameters by the prefix of their name before the first '_': for the ResNets
 * {@code stem, stage1..stageN, fc}, for the small CNN {@code block1, block2, block3, fc}. Per-layer attribution
 * reports per layer and per group; targeted retraining picks groups. Order: network order (topological).
 */
public final class LayerGroups {
    private LayerGroups() {
    }

    /** The group a layer name belongs to: its prefix before the first '_' (the whole name if it has none). */
    public static String groupOf(String layerName) {
        int cut = layerName.indexOf('_');
        return cut < 0 ? layerName : layerName.substring(0, cut);
    }

    /** Group name -> names of the layers in it that hold parameters, in network order. */
    public static Map<String, List<String>> of(ComputationGraph graph) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (int index : graph.topologicalSortOrder()) {
            var vertex = graph.getVertices()[index];
            if (!vertex.hasLayer()) {
                continue;
            }
            Layer layer = vertex.getLayer();
            if (layer.numParams() > 0) {
                groups.computeIfAbsent(groupOf(vertex.getVertexName()), k -> new ArrayList<>()).add(vertex.getVertexName());
            }
        }
        groups.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Collections.unmodifiableMap(groups);
    }
}
