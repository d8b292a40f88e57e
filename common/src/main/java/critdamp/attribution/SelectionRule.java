package critdamp.attribution;

import com.fasterxml.jackson.annotation.JsonInclude;
import critdamp.base.ConfigException;

/**
 * Which layers to flag for targeted retraining, as a typed and validated config record. Exactly the field that
 * belongs to {@code kind} is set:
 * <ul>
 *   <li>{@code top_k}: {@code k} >= 1, the k highest-scoring layers;</li>
 *   <li>{@code threshold}: {@code threshold} > 0 (finite), every layer with score >= threshold;</li>
 *   <li>{@code param_budget}: {@code paramBudget} in (0, 1], layers in score order whose parameters together stay
 *       within that share of all attributed parameters.</li>
 * </ul>
 * In YAML: {@code {kind: param_budget, paramBudget: 0.2}}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SelectionRule(SelectionKind kind, Integer k, Double threshold, Double paramBudget) {
    public SelectionRule {
        if (kind == null) {
            throw new ConfigException("selection.kind: must be given; one of top_k, threshold, param_budget");
        }
        switch (kind) {
            case TOP_K -> {
                if (k == null || k < 1) {
                    throw new ConfigException("selection.k = " + k + ": must be an integer >= 1 for kind top_k");
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
