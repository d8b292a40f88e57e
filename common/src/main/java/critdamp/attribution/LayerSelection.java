package critdamp.attribution;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The single layers a {@link SelectionRule} flags in a {@link LayerAttribution}, in rank order, with their parameter
 * total and share: the layer-level view beside the group selection that retraining uses ({@link GroupSelection}).
 * Every rule flags a prefix of the ranking ({@link RankPrefix}); layers with a NaN score (no misclassified examples)
 * are never flagged. Under a parameter budget the flagged share never exceeds the budget.
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
        List<LayerScore> ranked = attribution.ranked();
        double[] scores = ranked.stream().mapToDouble(LayerScore::score).toArray();
        long[] params = ranked.stream().mapToLong(LayerScore::paramCount).toArray();
        List<LayerScore> chosen = ranked.subList(0, RankPrefix.length(rule, scores, params,
                attribution.totalParams()));
        long flaggedParams = chosen.stream().mapToLong(LayerScore::paramCount).sum();
        return new LayerSelection(rule, chosen, flaggedParams, (double) flaggedParams / attribution.totalParams());
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
