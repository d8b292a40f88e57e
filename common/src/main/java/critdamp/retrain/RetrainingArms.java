package critdamp.retrain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import critdamp.model.LayerGroups;

/**
 * The one rule that builds the arms of a targeted-correction comparison, in order: targeted (the flagged groups);
 * with the replicate on, the flagged groups again with data order 1; with controls on, all layers (every group) and
 * R random sets of as many groups as the flagged ones ({@link RandomGroupSets}, seeded). Every arm trains whole
 * groups, so a convolution always trains with its batch norm.
 */
public final class RetrainingArms {
    private RetrainingArms() {
    }

    /**
     * @param flaggedGroups the groups attribution flagged; all must be groups of the network
     * @param paramCounts   layer name to trainable parameter count, in network order
     *                      ({@link TrainableLayers#paramCounts})
     * @param replicate     also plan the targeted arm with another data order
     * @param controls      also plan the all-layers arm and the random arms
     * @param randomArms    R, the number of random group sets wanted (fewer when fewer exist)
     * @param seed          of the random draw (the run's seed)
     * @return the arms, targeted first
     * @throws IllegalArgumentException for an empty or unknown flagged set
     */
    public static List<RetrainingArm> plan(Set<String> flaggedGroups, Map<String, Long> paramCounts,
                                           boolean replicate, boolean controls, int randomArms, long seed) {
        GroupChoice targeted = GroupChoice.of(flaggedGroups, paramCounts);
        List<RetrainingArm> arms = new ArrayList<>();
        arms.add(new RetrainingArm(ArmKind.TARGETED, 0, targeted, 0));
        if (replicate) {
            arms.add(new RetrainingArm(ArmKind.TARGETED_REPLICATE, 0, targeted, 1));
        }
        if (controls) {
            arms.add(new RetrainingArm(ArmKind.ALL_LAYERS, 0, GroupChoice.all(paramCounts), 0));
            List<String> groups = List.copyOf(LayerGroups.of(List.copyOf(paramCounts.keySet())).keySet());
            List<List<String>> sets = RandomGroupSets.draw(groups, Set.copyOf(targeted.groups()), randomArms, seed);
            for (int i = 0; i < sets.size(); i++) {
                arms.add(new RetrainingArm(ArmKind.RANDOM_LAYERS, i + 1, GroupChoice.of(sets.get(i), paramCounts), 0));
            }
        }
        return List.copyOf(arms);
    }
}
