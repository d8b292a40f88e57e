package critdamp.dl4j;

import critdamp.engine.ParameterBlock;
import critdamp.engine.ParameterLayout;
import critdamp.engine.ParameterRole;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The canonical {@link ParameterLayout} read off an initialised DL4J graph: its {@code params()} order. */
final class Dl4jLayout {
    private Dl4jLayout() {
    }

    /**
     * Every layer that holds parameters, in the graph's topological order (the order of {@code params()}), each
     * parameter in its table's order. A dense {@code W}, {@code [in, out]} column-major, becomes {@code [out, in]}
     * (the same values in the same order); a {@code [1, n]} vector becomes {@code [n]}.
     */
    static ParameterLayout of(ComputationGraph graph) {
        List<ParameterBlock> blocks = new ArrayList<>();
        long offset = 0;
        for (int index : graph.topologicalSortOrder()) {
            var vertex = graph.getVertices()[index];
            if (!vertex.hasLayer() || vertex.getLayer().numParams() == 0) {
                continue;
            }
            Layer layer = vertex.getLayer();
            for (Map.Entry<String, INDArray> p : layer.paramTable().entrySet()) {
                ParameterRole role = ParameterRole.ofDl4jKey(p.getKey());
                blocks.add(new ParameterBlock(vertex.getVertexName(), role, canonicalShape(vertex.getVertexName(),
                        role, p.getValue())));
                offset += p.getValue().length();
            }
        }
        if (offset != graph.numParams()) {
            throw new IllegalStateException("layout covers " + offset + " of the graph's " + graph.numParams()
                    + " parameters");
        }
        return new ParameterLayout(blocks);
    }

    private static List<Integer> canonicalShape(String layer, ParameterRole role, INDArray p) {
        long[] s = p.shape();
        if (s.length == 1 && role != ParameterRole.WEIGHT) {
            return List.of(Math.toIntExact(s[0]));
        }
        if (s.length == 2 && s[0] == 1 && role != ParameterRole.WEIGHT) {
            return List.of(Math.toIntExact(s[1]));
        }
        if (s.length == 2 && role == ParameterRole.WEIGHT && p.ordering() == 'f') {
            return List.of(Math.toIntExact(s[1]), Math.toIntExact(s[0]));
        }
        if (s.length == 4 && p.ordering() == 'c') {
            List<Integer> out = new ArrayList<>();
            for (long d : s) {
                out.add(Math.toIntExact(d));
            }
            return out;
        }
        throw new IllegalStateException("layer " + layer + ": parameter " + role.dl4jKey() + " of shape "
                + Arrays.toString(s) + " order '" + p.ordering() + "' has no canonical form");
    }

    /** Whether DL4J holds block {@code b}'s values transposed in c order: a dense weight ({@code [in, out]}). */
    static boolean transposedInCOrder(ParameterBlock b) {
        return b.role() == ParameterRole.WEIGHT && b.shape().size() == 2;
    }
}
