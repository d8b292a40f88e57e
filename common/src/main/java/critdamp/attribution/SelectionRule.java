package critdamp.attribution;

import com.fasterxml.jackson.annotation.JsonInclude;
import critdamp.base.ConfigException;

/**
 * Which layer groups to flag for targeted retraining ({@link GroupSelection}; {@link LayerSelection} applies the same
 * rule to single layers), as a typed and validated config record. Only the field that belongs to {@code kind} may be
 * set:
 * <ul>
 *   <li>{@code top_k}: {@code k} >= 1, the k highest-scoring groups; without k, the paper's share of the groups,
 *       {@code k = max(1, round(3n/7))} of n (the paper flags 3 of 7): 3 of the small CNN's 6 groups, 2 of
 *       ResNet-20's 5;</li>
 *   <li>{@code threshold}: {@code threshold} > 0 (finite), every group with score >= threshold;</li>
 *   <li>{@code param_budget}: {@code paramBudget} in (0, 1], groups strictly in rank order while their parameters
 *       together stay within that share of all attributed parameters; the first group that would overshoot ends the
 *       selection (a smaller, lower-ranked group never takes its place).</li>
 * </ul>
 * Every rule flags a prefix of the ranking. In YAML: {@code {kind: top_k}}, {@code {kind: param_budget, paramBudget:
 * 0.2}}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SelectionRule(SelectionKind kind, Integer k, Double threshold, Double paramBudget) {
    /** The paper's share of flagged groups: 3 of 7. */
    public static final double PAPER_SHARE = 3.0 / 7.0;

    public SelectionRule {
        if (kind == null) {
            throw new ConfigException("selection.kind: must be given; one of top_k, threshold, param_budget");
        }
        switch (kind) {
            case TOP_K -> {
                if (k != null && k < 1) {
                    throw new ConfigException("selection.k = " + k + ": must be an integer >= 1 for kind top_k "
                            + "(or absent: the paper's share of the groups)");
                }
                unused("threshold", threshold, kind);
                unused("paramBudget", paramBudget, kind);
            }
            case THRESHOLD -> {
                if (threshold == null || !(threshold > 0) || threshold.isInfinite()) {
                    throw new ConfigException("selection.threshold = " + threshold
                            + ": must be a finite number > 0 for kind threshold");
                }
                unused("k", k, kind);
                unused("paramBudget", paramBudget, kind);
            }
            case PARAM_BUDGET -> {
                if (paramBudget == null || !(paramBudget > 0 && paramBudget <= 1)) {
                    throw new ConfigException("selection.paramBudget = " + paramBudget
                            + ": must be in (0, 1] (a share of all parameters) for kind param_budget");
                }
                unused("k", k, kind);
                unused("threshold", threshold, kind);
            }
            default -> throw new IllegalStateException("unhandled kind " + kind);
        }
    }

    public static SelectionRule topK(int k) {
        return new SelectionRule(SelectionKind.TOP_K, k, null, null);
    }

    /** top_k with the paper's share of the candidates ({@link #k(int)}). */
    public static SelectionRule topPaperShare() {
        return new SelectionRule(SelectionKind.TOP_K, null, null, null);
    }

    /**
     * The k of a top_k rule among {@code candidates} groups or layers: {@code k} when given, else
     * {@code max(1, round(3 * candidates / 7))}.
     */
    public int k(int candidates) {
        if (kind != SelectionKind.TOP_K) {
            throw new IllegalStateException("k belongs to kind top_k, not " + kind.configName());
        }
        return k != null ? k : (int) Math.max(1, Math.round(PAPER_SHARE * candidates));
    }

    public static SelectionRule threshold(double threshold) {
        return new SelectionRule(SelectionKind.THRESHOLD, null, threshold, null);
    }

    /** @param share of all attributed parameters, in (0, 1], e.g. 0.2 for "at most 20% of the parameters" */
    public static SelectionRule paramBudget(double share) {
        return new SelectionRule(SelectionKind.PARAM_BUDGET, null, null, share);
    }

    private static void unused(String field, Object value, SelectionKind kind) {
        if (value != null) {
            throw new ConfigException("selection." + field + " = " + value + ": not used by kind "
                    + kind.configName() + "; remove it");
        }
    }
}
