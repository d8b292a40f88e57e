package critdamp.attribution;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The layers a {@link SelectionRule} flags in a {@link LayerAttribution}, in rank order, with their parameter total
 * and share. Layers with a NaN score (no misclassified examples) are never flagged.
 *
 * <p>The parameter budget walks the ranking from the top and takes each layer that still fits; a layer that would
 * overshoot is skipped and smaller, lower-ranked layers may follow. The flagged share never exceeds the budget.
 *
 * @param rule          the rule applied
 * @param flagged       the flagged layers, highest score first
 * @param flaggedParams sum of their parameter counts
 * @param flaggedShare  flaggedParams / all attributed parameters
 */
public record LayerSelection(SelectionRule rule, List<LayerScore> flagged, long flaggedParams, double flaggedShare) {
    public LayerSelection {
        flagged = List.copyOf(flagged);
    }

    public static LayerSelection apply(LayerAttribution attribution, SelectionRule rule) {
        long total = attribution.totalParams();
        List<LayerScore> chosen = new ArrayList<>();
        long params = 0;
        for (LayerScore s : attribution.ranked()) {
            if (Double.isNaN(s.score())) {
                break; // NaN ranks last
            }
            boolean take = switch (rule.kind()) {
                case TOP_K -> chosen.size() < rule.k();
                case THRESHOLD -> s.score() >= rule.threshold();
                // integer comparison so that float rounding cannot push the share over the budget
                case PARAM_BUDGET -> params + s.paramCount() <= (long) Math.floor(rule.paramBudget() * total);
            };
            if (take) {
                chosen.add(s);
                params += s.paramCount();
            }
        }
        return new LayerSelection(rule, chosen, params, (double) params / total);
    }

    /** The flagged layer names in rank order. */
    public List<String> names() {
        return flagged.stream().map(LayerScore::name).toList();
    }

    /** The flagged layer names as a sorted set (for comparisons). */
    public Set<String> nameSet() {
        return new TreeSet<>(names());
    }
}
