package critdamp.attribution;

/**
 * How far down a ranking a {@link SelectionRule} flags: every rule flags a prefix of the ranking (highest score
 * first, NaN last), so a lower-ranked entry is never flagged in place of a higher-ranked one. Shared by the group
 * and the layer selection.
 */
final class RankPrefix {
    private RankPrefix() {
    }

    /**
     * The number of leading entries the rule flags.
     *
     * @param scores      the scores in rank order (NaN last; a NaN is never flagged)
     * @param paramCounts the entries' parameter counts, in the same order
     * @param totalParams all attributed parameters (the denominator of a parameter budget)
     */
    static int length(SelectionRule rule, double[] scores, long[] paramCounts, long totalParams) {
        // integer comparison so that float rounding cannot push the share over the budget
        long budget = rule.kind() == SelectionKind.PARAM_BUDGET
                ? (long) Math.floor(rule.paramBudget() * totalParams) : Long.MAX_VALUE;
        int k = rule.kind() == SelectionKind.TOP_K ? rule.k(scores.length) : Integer.MAX_VALUE;
        long params = 0;
        int n = 0;
        while (n < scores.length && !Double.isNaN(scores[n])) {
            boolean take = switch (rule.kind()) {
                case TOP_K -> n < k;
                case THRESHOLD -> scores[n] >= rule.threshold();
                case PARAM_BUDGET -> params + paramCounts[n] <= budget;
            };
            if (!take) {
                break;
            }
            params += paramCounts[n];
            n++;
        }
        return n;
    }
}
