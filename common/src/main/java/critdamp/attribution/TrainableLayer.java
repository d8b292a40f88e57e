package critdamp.attribution;

import critdamp.engine.ParameterBlock;
import critdamp.engine.ParameterLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One parameterized layer as attribution sees it: its name in the graph, the keys of its gradient-trained parameters
 * (in DL4J's parameter-table order) and how many scalars they hold.
 *
 * <p>Batch-normalization running statistics ({@code mean}, {@code var}, {@code log10stdev}) are not gradient-trained
 * (DL4J updates them as a moving average through the updater), so they are not part of a layer here.
 */
public record TrainableLayer(String name, List<String> paramKeys, long paramCount) {
    public TrainableLayer {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: must be given (non-empty)");
        }
        if (paramKeys == null || paramKeys.isEmpty()) {
            throw new IllegalArgumentException("paramKeys of layer '" + name + "': must name at least one parameter");
        }
        if (paramCount <= 0) {
            throw new IllegalArgumentException("paramCount of layer '" + name + "' = " + paramCount + ": must be > 0");
        }
        paramKeys = List.copyOf(paramKeys);
    }

    /**
     * The trainable layers of an engine's {@link ParameterLayout}, in its order (DL4J's topological order): one per
     * layer with gradient-trained blocks, the keys in block order ({@code W, b} or {@code gamma, beta}), the same
     * names, keys and counts as a DL4J graph of the network gives.
     */
    public static List<TrainableLayer> of(ParameterLayout layout) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (ParameterBlock b : layout.blocks()) {
            if (b.role().trained()) {
                keys.computeIfAbsent(b.layer(), k -> new ArrayList<>()).add(b.role().dl4jKey());
                counts.merge(b.layer(), (long) b.length(), Long::sum);
            }
        }
        List<TrainableLayer> out = new ArrayList<>(keys.size());
        keys.forEach((name, k) -> out.add(new TrainableLayer(name, k, counts.get(name))));
        return List.copyOf(out);
    }
}
