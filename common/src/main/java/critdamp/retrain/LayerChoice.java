package critdamp.retrain;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A set of layers to retrain with its size: the flagged layers or a control choice.
 *
 * @param layers     layer names, in network order
 * @param paramCount their trainable parameters
 * @param paramShare paramCount / all trainable parameters of the network
 */
public record LayerChoice(List<String> layers, long paramCount, double paramShare) {
    public LayerChoice {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("layers: a layer choice holds at least one layer");
        }
        layers = List.copyOf(layers);
        if (new LinkedHashSet<>(layers).size() != layers.size()) {
            throw new IllegalArgumentException("layers: a layer appears twice in " + layers);
        }
    }

    /**
     * The given layers with their sizes from {@code paramCounts} (layer name to trainable parameter count, in network
     * order, as {@link TrainableLayers#paramCounts}).
     *
     * @throws IllegalArgumentException for an empty set or an unknown name
     */
    public static LayerChoice of(Set<String> names, Map<String, Long> paramCounts) {
        TrainableLayers.requireKnown(names, paramCounts.keySet(), "layers");
        List<String> ordered = paramCounts.keySet().stream().filter(names::contains).toList();
        long params = ordered.stream().mapToLong(paramCounts::get).sum();
        long total = paramCounts.values().stream().mapToLong(Long::longValue).sum();
        return new LayerChoice(ordered, params, (double) params / total);
    }

    /** The names as a set in network order. */
    public Set<String> nameSet() {
        return new LinkedHashSet<>(layers);
    }
}
