package critdamp.retrain;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import critdamp.model.LayerGroups;

/**
 * A set of layer groups to retrain ({@link LayerGroups}), with their layers and size: the flagged groups or a
 * control. A group always brings all its layers, so a convolution trains with its batch norm.
 *
 * @param groups     group names, in network order
 * @param layers     their layers, in network order
 * @param paramCount their trainable parameters
 * @param paramShare paramCount / all trainable parameters of the network
 */
public record GroupChoice(List<String> groups, List<String> layers, long paramCount, double paramShare) {
    public GroupChoice {
        if (groups == null || groups.isEmpty()) {
            throw new IllegalArgumentException("groups: a choice holds at least one layer group");
        }
        groups = List.copyOf(groups);
        layers = List.copyOf(layers);
        if (new LinkedHashSet<>(groups).size() != groups.size()) {
            throw new IllegalArgumentException("groups: a group appears twice in " + groups);
        }
    }

    /**
     * The given groups of the network whose layers are {@code paramCounts} (layer name to trainable parameter count,
     * in network order, as {@link TrainableLayers#paramCounts}).
     *
     * @throws IllegalArgumentException for an empty set or an unknown group (listing the network's groups)
     */
    public static GroupChoice of(Collection<String> groups, Map<String, Long> paramCounts) {
        Map<String, List<String>> all = LayerGroups.of(List.copyOf(paramCounts.keySet()));
        List<String> unknown = groups.stream().filter(g -> !all.containsKey(g)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown layer group(s) " + unknown + "; the network's groups are "
                    + all.keySet());
        }
        List<String> ordered = all.keySet().stream().filter(groups::contains).toList();
        List<String> layers = ordered.stream().flatMap(g -> all.get(g).stream()).toList();
        long params = layers.stream().mapToLong(paramCounts::get).sum();
        long total = paramCounts.values().stream().mapToLong(Long::longValue).sum();
        return new GroupChoice(ordered, layers, params, (double) params / total);
    }

    /** Every group of the network. */
    public static GroupChoice all(Map<String, Long> paramCounts) {
        return of(LayerGroups.of(List.copyOf(paramCounts.keySet())).keySet(), paramCounts);
    }

    /** The layer names as a set in network order (what {@link LayerFreezing} trains). */
    public Set<String> layerSet() {
        return new LinkedHashSet<>(layers);
    }
}
