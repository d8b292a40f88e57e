package critdamp.attribution;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How far two group selections agree, e.g. those of an SGD-trained and an Adam-trained model (is the attribution
 * optimizer-agnostic?): the overlap |A n B|, the union |A u B| and the Jaccard index |A n B| / |A u B| of the flagged
 * groups; the Spearman rank correlation of the two scores over all groups (not only the flagged ones); and the chance
 * level of the Jaccard index, its expectation for a random |A|-of-n and an independent random |B|-of-n draw.
 *
 * @param first           flagged groups A, sorted
 * @param second          flagged groups B, sorted
 * @param groups          n, the number of groups both selections rank
 * @param rankCorrelation Spearman's rho of the two scores over all n groups (NaN when undefined)
 */
@JsonIgnoreProperties(value = {"overlap", "union", "jaccard", "chanceJaccard"}, allowGetters = true)
public record FlaggedSetComparison(List<String> first, List<String> second, int groups, double rankCorrelation) {
    public FlaggedSetComparison {
        first = List.copyOf(new TreeSet<>(first));
        second = List.copyOf(new TreeSet<>(second));
        if (groups < Math.max(first.size(), second.size())) {
            throw new IllegalArgumentException("groups = " + groups + ": fewer than the flagged groups " + first
                    + ", " + second);
        }
    }

    /**
     * Compares two selections over the same groups.
     *
     * @throws IllegalArgumentException when they rank different groups (different architectures)
     */
    public static FlaggedSetComparison of(GroupSelection a, GroupSelection b) {
        Map<String, RankedGroup> ga = a.byName();
        Map<String, RankedGroup> gb = b.byName();
        if (!ga.keySet().equals(gb.keySet())) {
            throw new IllegalArgumentException("cannot compare selections of different groups: " + ga.keySet()
                    + " vs " + gb.keySet());
        }
        List<String> names = List.copyOf(ga.keySet());
        double[] x = names.stream().mapToDouble(n -> ga.get(n).score()).toArray();
        double[] y = names.stream().mapToDouble(n -> gb.get(n).score()).toArray();
        return new FlaggedSetComparison(a.flaggedGroups(), b.flaggedGroups(), names.size(), spearman(x, y));
    }

    /** |A n B|. */
    @JsonProperty("overlap")
    public int overlap() {
        Set<String> common = new TreeSet<>(first);
        common.retainAll(second);
        return common.size();
    }

    /** |A u B|. */
    @JsonProperty("union")
    public int union() {
        Set<String> all = new TreeSet<>(first);
        all.addAll(second);
        return all.size();
    }

    /** |A n B| / |A u B|, 1 for two empty sets. */
    @JsonProperty("jaccard")
    public double jaccard() {
        return jaccard(first, second);
    }

    /** E[J] of two independent random draws of |A| and |B| of the n groups ({@link #expectedJaccard}). */
    @JsonProperty("chanceJaccard")
    public double chanceJaccard() {
        return expectedJaccard(groups, first.size(), second.size());
    }

    /** |A n B| / |A u B| of two sets, 1 for two empty sets. */
    public static double jaccard(Collection<String> a, Collection<String> b) {
        Set<String> common = new TreeSet<>(a);
        common.retainAll(b);
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all.isEmpty() ? 1.0 : (double) common.size() / all.size();
    }

    /**
     * The expected Jaccard index of a uniformly random k1-subset and an independent uniformly random k2-subset of n
     * items. Their overlap X is hypergeometric, P(X = x) = C(k1, x) C(n - k1, k2 - x) / C(n, k2), and
     * J = x / (k1 + k2 - x), so E[J] = sum_x P(X = x) x / (k1 + k2 - x); 1 when k1 = k2 = 0.
     */
    public static double expectedJaccard(int n, int k1, int k2) {
        if (k1 < 0 || k2 < 0 || k1 > n || k2 > n) {
            throw new IllegalArgumentException("need 0 <= k1, k2 <= n; got n = " + n + ", k1 = " + k1 + ", k2 = " + k2);
        }
        if (k1 == 0 && k2 == 0) {
            return 1.0;
        }
        double expected = 0;
        for (int x = Math.max(0, k1 + k2 - n); x <= Math.min(k1, k2); x++) {
            double p = binomial(k1, x) * binomial(n - k1, k2 - x) / binomial(n, k2);
            expected += p * x / (k1 + k2 - x);
        }
        return expected;
    }

    /**
     * Spearman's rank correlation: Pearson's correlation of the ranks, ties (NaN scores included, which rank last)
     * given their average rank; NaN when either side has no spread.
     */
    public static double spearman(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " values, y " + y.length);
        }
        double[] rx = ranks(x);
        double[] ry = ranks(y);
        double mx = Arrays.stream(rx).average().orElse(Double.NaN);
        double my = Arrays.stream(ry).average().orElse(Double.NaN);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < rx.length; i++) {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    /** Ranks 1..n of the values, highest first, NaN after every number; tied values share their average rank. */
    private static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(key(v[b]), key(v[a])));
        double[] rank = new double[v.length];
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && key(v[order[j + 1]]) == key(v[order[i]])) {
                j++;
            }
            for (int t = i; t <= j; t++) {
                rank[order[t]] = (i + j) / 2.0 + 1;
            }
            i = j + 1;
        }
        return rank;
    }

    /** Sort key: the value, NaN below every number. */
    private static double key(double value) {
        return Double.isNaN(value) ? Double.NEGATIVE_INFINITY : value;
    }

    private static double binomial(int n, int k) {
        if (k < 0 || k > n) {
            return 0;
        }
        double c = 1;
        for (int i = 1; i <= k; i++) {
            c = c * (n - k + i) / i;
        }
        return c;
    }
}
