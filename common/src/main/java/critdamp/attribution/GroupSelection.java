package critdamp.attribution;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import critdamp.base.Json;

/**
 * The layer groups a {@link SelectionRule} flags in a {@link GroupAttribution}, as written to {@code selection.json}:
 * every group with its rank, score and share, the flagged groups (a prefix of the ranking, {@link RankPrefix}) and
 * their layers. Groups with a NaN score (no misclassified examples) are never flagged; under a parameter budget the
 * flagged share never exceeds it.
 *
 * @param rule          the rule applied
 * @param ranking       every group, highest score first
 * @param flaggedGroups the flagged groups, in rank order
 * @param flagged       the layers of the flagged groups (rank order of their groups, network order within one): the
 *                      layers retraining trains and the report's attribution chart marks
 * @param flaggedParams their parameters
 * @param flaggedShare  flaggedParams / all attributed parameters
 */
public record GroupSelection(SelectionRule rule, List<RankedGroup> ranking, List<String> flaggedGroups,
                             List<String> flagged, long flaggedParams, double flaggedShare) {
    public GroupSelection {
        ranking = List.copyOf(ranking);
        flaggedGroups = List.copyOf(flaggedGroups);
        flagged = List.copyOf(flagged);
    }

    public static GroupSelection apply(GroupAttribution attribution, SelectionRule rule) {
        List<GroupScore> ranked = attribution.ranked();
        int n = RankPrefix.length(rule, ranked.stream().mapToDouble(GroupScore::score).toArray(),
                ranked.stream().mapToLong(GroupScore::paramCount).toArray(), attribution.totalParams());
        List<RankedGroup> ranking = new ArrayList<>(ranked.size());
        List<String> groups = new ArrayList<>();
        List<String> layers = new ArrayList<>();
        long params = 0;
        for (int i = 0; i < ranked.size(); i++) {
            GroupScore g = ranked.get(i);
            ranking.add(new RankedGroup(i + 1, g.name(), g.layers(), g.paramCount(), g.paramShare(), g.score(),
                    g.contrast(), i < n));
            if (i < n) {
                groups.add(g.name());
                layers.addAll(g.layers());
                params += g.paramCount();
            }
        }
        return new GroupSelection(rule, ranking, groups, layers, params,
                (double) params / attribution.totalParams());
    }

    /** Group name to its line, in rank order. */
    public Map<String, RankedGroup> byName() {
        return ranking.stream().collect(Collectors.toMap(RankedGroup::name, Function.identity(), (a, b) -> a,
                java.util.LinkedHashMap::new));
    }

    public String toJson() {
        return Json.write(this);
    }

    public static GroupSelection fromJson(String json) {
        return Json.read(json, GroupSelection.class, "selection JSON");
    }

    /** One console line: the flagged groups, their share, and the rule. */
    public String summary() {
        return String.format(Locale.ROOT, "flagged %d of %d groups by %s: %s (%d parameters, %.1f%% of the model)",
                flaggedGroups.size(), ranking.size(), Json.write(rule).replaceAll("\\s+", " "), flaggedGroups,
                flaggedParams, 100 * flaggedShare);
    }
}
