package critdamp.retrain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Control choices of layers for targeted correction, so that an effect of retraining the flagged layers can be told
 * apart from an effect of retraining anything: all layers (an upper reference at the same budget), and random layers
 * of about the same parameter share as the flagged ones (does attribution beat chance?).
 *
 * <p><b>Random rule.</b> The candidate layers (trainable layers not excluded) are shuffled with {@code new
 * Random(seed)} (in network order first, so a seed always gives the same choice). Walking the shuffled list, a layer
 * is added when adding it brings the chosen share strictly closer to the target share. If no layer was added (every
 * layer alone overshoots the target by more than the target), the layer whose share is closest to the target is taken
 * (the earlier in shuffled order on a tie), so the choice is never empty. When at least one layer was added and at
 * least one was skipped, the chosen share is within half the largest candidate layer's share of the target: a layer
 * skipped below the target would have moved the share closer unless it was already within half that layer's size,
 * and the layer that crosses the target overshoots by less than half its own size.
 */
public final class RetrainingControls {
    private RetrainingControls() {
    }

    /** Every trainable layer of the graph. */
    public static LayerChoice allLayers(ComputationGraph graph) {
        return allLayers(TrainableLayers.paramCounts(graph));
    }

    /** Every layer of {@code paramCounts} (layer name to trainable parameter count, in network order). */
    public static LayerChoice allLayers(Map<String, Long> paramCounts) {
        return LayerChoice.of(paramCounts.keySet(), paramCounts);
    }

    /** Random layers of the graph (see the class comment) with a parameter share close to {@code targetShare}. */
    public static LayerChoice randomLayers(ComputationGraph graph, double targetShare, Set<String> excluded,
                                           long seed) {
        return randomLayers(TrainableLayers.paramCounts(graph), targetShare, excluded, seed);
    }

    /**
     * Random layers from {@code paramCounts} (layer name to trainable parameter count, in network order).
     *
     * @param targetShare in (0, 1], usually the flagged share
     * @param excluded    layers never chosen (e.g. the flagged ones), may be empty; all must be known
     * @throws IllegalArgumentException for a share outside (0, 1], unknown excluded names, or nothing left to choose
     */
    public static LayerChoice randomLayers(Map<String, Long> paramCounts, double targetShare, Set<String> excluded,
                                           long seed) {
        Objects.requireNonNull(paramCounts, "paramCounts");
        Set<String> skip = excluded == null ? Set.of() : excluded;
        if (!(targetShare > 0 && targetShare <= 1)) {
            throw new IllegalArgumentException("targetShare = " + targetShare + ": must be in (0, 1]");
        }
        TrainableLayers.requireKnown(skip, paramCounts.keySet(), "excluded");
        List<String> candidates = new ArrayList<>();
        for (String name : paramCounts.keySet()) {
            if (!skip.contains(name)) {
                candidates.add(name);
            }
        }
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no layer left to choose: all of " + paramCounts.keySet()
                    + " are excluded");
        }
        double total = paramCounts.values().stream().mapToLong(Long::longValue).sum();
        Collections.shuffle(candidates, new Random(seed));
        Set<String> chosen = new HashSet<>();
        double share = 0;
        for (String name : candidates) {
            double s = paramCounts.get(name) / total;
            if (Math.abs(share + s - targetShare) < Math.abs(share - targetShare)) {
                chosen.add(name);
                share += s;
            }
        }
        if (chosen.isEmpty()) {
            String best = candidates.get(0);
            for (String name : candidates) {
                if (Math.abs(paramCounts.get(name) / total - targetShare)
                        < Math.abs(paramCounts.get(best) / total - targetShare)) {
                    best = name;
                }
            }
            chosen.add(best);
        }
        return LayerChoice.of(chosen, paramCounts);
    }
}
