package critdamp.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The layer groups of a network: the unit that attribution ranks and targeted retraining trains, as in the paper
 * (3 of 7 layer groups flagged). Each network names its groups through its layer names:
 * <ul>
 *   <li>small CNN ({@link SmallCnn}): one group per convolution with its batch norm, {@code block<b>_conv<i>} and
 *       {@code block<b>_bn<i>} form {@code block<b>_<i>}: {@code block1_1, block1_2, block2_1, block2_2, block3_1},
 *       and {@code fc}: 6 groups;</li>
 *   <li>ResNets ({@link ResNets}): the stem and one group per stage, every block and shortcut of the stage in it:
 *       {@code stem, stage1..stage3, fc} for ResNet-20 (5 groups), {@code stem, stage1..stage4, fc} for ResNet-18
 *       (6 groups);</li>
 *   <li>any other layer: the prefix of its name before the first '_' (the whole name if it has none).</li>
 * </ul>
 * A group's batch norms always belong to it, so a group trains or stays frozen with its batch norms. The rule reads
 * names only, so files that list layers (attribution.json) can be grouped without the network. Order: network order
 * (topological) of each group's first layer.
 */
public final class LayerGroups {
    /** A small-CNN convolution or batch norm: block, layer kind, index within the block. */
    private static final Pattern CONV_BN = Pattern.compile("(block\\d+)_(?:conv|bn)(\\d+)");
    /** A ResNet layer: the stem or a stage, then the rest of the name. */
    private static final Pattern STAGE = Pattern.compile("(stem|stage\\d+)_.*");

    private LayerGroups() {
    }

    /** The group a layer belongs to (see the class comment). */
    public static String groupOf(String layerName) {
        Matcher convBn = CONV_BN.matcher(layerName);
        if (convBn.matches()) {
            return convBn.group(1) + "_" + convBn.group(2);
        }
        Matcher stage = STAGE.matcher(layerName);
        if (stage.matches()) {
            return stage.group(1);
        }
        int cut = layerName.indexOf('_');
        return cut < 0 ? layerName : layerName.substring(0, cut);
    }

    /** Group name -> its layers, for layer names given in network order; groups in order of their first layer. */
    public static Map<String, List<String>> of(List<String> layerNames) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (String name : layerNames) {
            groups.computeIfAbsent(groupOf(name), k -> new ArrayList<>()).add(name);
        }
        groups.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Collections.unmodifiableMap(groups);
    }

    /** Group name -> names of the layers in it that hold parameters, in network order. */
    public static Map<String, List<String>> of(ComputationGraph graph) {
        List<String> names = new ArrayList<>();
        for (int index : graph.topologicalSortOrder()) {
            var vertex = graph.getVertices()[index];
            if (!vertex.hasLayer()) {
                continue;
            }
            Layer layer = vertex.getLayer();
            if (layer.numParams() > 0) {
                names.add(vertex.getVertexName());
            }
        }
        return of(names);
    }
}
