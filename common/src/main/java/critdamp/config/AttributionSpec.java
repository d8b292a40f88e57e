package critdamp.config;

import critdamp.attribution.SelectionRule;

/**
 * The {@code attribution:} section: how the diagnostic flags layer groups. It runs on the validation split carved
 * from the training files (never the test set, which only measures).
 *
 * @param selection which groups to flag (default {@code {kind: top_k}}: the highest-scoring groups, as many as the
 *                  paper's share of 3 of 7 groups, see {@link SelectionRule#k(int)})
 */
public record AttributionSpec(SelectionRule selection) {
    public AttributionSpec {
        selection = selection == null ? SelectionRule.topPaperShare() : selection;
    }

    public static AttributionSpec defaults() {
        return new AttributionSpec(null);
    }
}
