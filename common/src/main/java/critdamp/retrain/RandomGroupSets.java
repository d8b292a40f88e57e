package critdamp.retrain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The chance control of targeted correction: R random sets of k layer groups, k being the number of flagged groups,
 * so that each random arm differs from the targeted one only in which groups it retrains.
 *
 * <p><b>Rule.</b> Every k-subset of the n groups other than the flagged set itself is listed (in network order), the
 * list is shuffled with {@code new Random(seed)} and the first R are taken: R distinct sets drawn uniformly without
 * replacement. When fewer than R other sets exist (e.g. 2 of 5 groups: 9), all of them are taken, and the random arms
 * are the complete null distribution. The same seed always gives the same sets in the same order.
 */
public final class RandomGroupSets {
    /** Above this many k-subsets listing them is too costly; no network here comes near (C(10, 5) = 252). */
    private static final long MAX_SUBSETS = 1_000_000;

    private RandomGroupSets() {
    }

    /**
     * @param groups  the network's groups, in network order
     * @param flagged the targeted arm's groups: k is its size and the set itself is never drawn
     * @param count   R, how many sets at most, >= 1
     * @param seed    the draw's seed
     * @return min(R, C(n, k) - 1) sets, each in network order
     * @throws IllegalArgumentException for unknown or no flagged groups, R < 1, or too many subsets to list
     */
    public static List<List<String>> draw(List<String> groups, Set<String> flagged, int count, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("count = " + count + ": must be >= 1");
        }
        if (flagged.isEmpty() || !groups.containsAll(flagged)) {
            throw new IllegalArgumentException("flagged groups " + flagged + ": must be a non-empty subset of "
                    + groups);
        }
        int k = flagged.size();
        double subsets = binomial(groups.size(), k);
        if (subsets > MAX_SUBSETS) {
            throw new IllegalArgumentException(groups.size() + " groups have " + (long) subsets + " subsets of " + k
                    + ": too many to list");
        }
        List<List<String>> others = new ArrayList<>();
        subsets(groups, k, 0, new ArrayList<>(), others);
        others.removeIf(s -> Set.copyOf(s).equals(flagged));
        Collections.shuffle(others, new Random(seed));
        return List.copyOf(others.subList(0, Math.min(count, others.size())));
    }

    /** Appends every k-subset of groups[from..] extended from {@code prefix}, in lexicographic index order. */
    private static void subsets(List<String> groups, int k, int from, List<String> prefix, List<List<String>> out) {
        if (prefix.size() == k) {
            out.add(List.copyOf(prefix));
            return;
        }
        for (int i = from; i <= groups.size() - (k - prefix.size()); i++) {
            prefix.add(groups.get(i));
            subsets(groups, k, i + 1, prefix, out);
            prefix.remove(prefix.size() - 1);
        }
    }

    private static double binomial(int n, int k) {
        double c = 1;
        for (int i = 1; i <= k; i++) {
            c = c * (n - k + i) / i;
        }
        return c;
    }
}
