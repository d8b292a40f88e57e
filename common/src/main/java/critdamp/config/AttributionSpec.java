package critdamp.config;

import critdamp.attribution.SelectionRule;

/**
 * The {@code attribution:} section: how the per-layer diagnostic flags layers. It runs on the validation split carved
 * from the training files (never the test set, which only measures).
 *
 * @param selection which layers to flag (default {@code {kind: param_budget, paramBudget: 0.2}}: the highest-scoring
 *                  layers within 20% of the parameters, the paper's 18% regime)
 */
public record AttributionSpec(SelectionRule selection) {
    public AttributionSpec {
        selection = selection == null ? SelectionRule.paramBudget(0.2) : selection;
    }

    public static AttributionSpec defaults() {
        return new AttributionSpec(null);
    }
}
