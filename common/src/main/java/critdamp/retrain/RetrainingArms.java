package critdamp.retrain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one rule that builds the arms of a targeted-correction comparison, in order: targeted (the flagged layers),
 * then, with controls on, all layers (an upper reference at the same budget) and random layers of about the flagged
 * parameter share ({@link RetrainingControls#randomLayers}, seeded). The random arm excludes the flagged layers
 * unless they are every layer, so that it is a disjoint chance control whenever one is possible.
 */
public final class RetrainingArms {
    private RetrainingArms() {
    }

    /**
     * @param flagged     the layers attribution flagged; all must be in {@code paramCounts}
     * @param paramCounts layer name to trainable parameter count, in network order
     *                    ({@link TrainableLayers#paramCounts})
     * @param controls    also plan the all-layers and random-layers arms
     * @param seed        for the random-layers arm (the run's seed)
     * @return the arms, targeted first
     * @throws IllegalArgumentException for an empty or unknown flagged set
     */
    public static List<RetrainingArm> plan(Set<String> flagged, Map<String, Long> paramCounts, boolean controls,
                                           long seed) {
        LayerChoice targeted = LayerChoice.of(flagged, paramCounts);
        List<RetrainingArm> arms = new ArrayList<>();
        arms.add(new RetrainingArm(ArmKind.TARGETED, targeted));
        if (controls) {
            arms.add(new RetrainingArm(ArmKind.ALL_LAYERS, RetrainingControls.allLayers(paramCounts)));
            Set<String> excluded = targeted.layers().size() < paramCounts.size() ? targeted.nameSet() : Set.of();
            arms.add(new RetrainingArm(ArmKind.RANDOM_LAYERS,
                    RetrainingControls.randomLayers(paramCounts, targeted.paramShare(), excluded, seed)));
        }
        return List.copyOf(arms);
    }
}
