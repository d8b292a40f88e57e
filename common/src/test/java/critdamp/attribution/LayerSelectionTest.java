package critdamp.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import critdamp.base.Json;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class LayerSelectionTest {
    /** Scores 0.9 > 0.7 > 0.5 > 0.3 > NaN with 400, 100, 300, 150, 50 of 1000 parameters. */
    private static final LayerAttribution ATTRIBUTION = new LayerAttribution(10, 90, List.of(
            score("conv1", 300, 0.5), score("conv2", 100, 0.7), score("fc", 400, 0.9), score("bn", 50, Double.NaN),
            score("out", 150, 0.3)));

    private static LayerScore score(String name, long params, double score) {
        return new LayerScore(name, params, params / 1000.0, score, 1, 1, score, score);
    }

    @Test
    void topKTakesTheKHighestScores() {
        LayerSelection s = LayerSelection.apply(ATTRIBUTION, SelectionRule.topK(2));
        assertThat(s.names()).containsExactly("fc", "conv2");
        assertThat(s.flaggedParams()).isEqualTo(500);
        assertThat(s.flaggedShare()).isEqualTo(0.5);
        // more than there are scored layers: all with a score, never the NaN one
        assertThat(LayerSelection.apply(ATTRIBUTION, SelectionRule.topK(9)).names())
                .containsExactly("fc", "conv2", "conv1", "out");
    }

    @Test
    void thresholdIsInclusive() {
        assertThat(LayerSelection.apply(ATTRIBUTION, SelectionRule.threshold(0.5)).names())
                .containsExactly("fc", "conv2", "conv1");
        assertThat(LayerSelection.apply(ATTRIBUTION, SelectionRule.threshold(0.95)).names()).isEmpty();
    }

    @Test
    void parameterBudgetIsNeverExceeded() {
        // 20%: fc (40%) does not fit, conv2 (10%) does, conv1 (30%) would overshoot, out (15%) would too
        LayerSelection twenty = LayerSelection.apply(ATTRIBUTION, SelectionRule.paramBudget(0.2));
        assertThat(twenty.names()).containsExactly("conv2");
        assertThat(twenty.flaggedShare()).isEqualTo(0.1);
        // 55%: fc (40%), conv2 (+10%), then conv1 (+30%) and out (+15%) would overshoot
        LayerSelection half = LayerSelection.apply(ATTRIBUTION, SelectionRule.paramBudget(0.55));
        assertThat(half.names()).containsExactly("fc", "conv2");
        assertThat(half.flaggedParams()).isEqualTo(500);
        for (double budget = 0.05; budget <= 1.0; budget += 0.05) {
            LayerSelection s = LayerSelection.apply(ATTRIBUTION, SelectionRule.paramBudget(budget));
            assertThat(s.flaggedShare()).as("budget %s", budget).isLessThanOrEqualTo(budget);
            assertThat(s.flaggedShare()).isEqualTo(s.flagged().stream().mapToDouble(LayerScore::paramShare).sum(),
                    Offset.offset(1e-12));
        }
        // the whole model: every scored layer (95%; the NaN layer is never flagged)
        assertThat(LayerSelection.apply(ATTRIBUTION, SelectionRule.paramBudget(1.0)).flaggedShare()).isEqualTo(0.95);
    }

    @Test
    void ruleValidationNamesTheFieldAndTheRange() {
        assertThatThrownBy(() -> SelectionRule.topK(0)).hasMessageContaining("selection.k = 0")
                .hasMessageContaining(">= 1");
        assertThatThrownBy(() -> SelectionRule.threshold(-1)).hasMessageContaining("selection.threshold = -1.0");
        assertThatThrownBy(() -> SelectionRule.threshold(Double.NaN)).hasMessageContaining("finite number > 0");
        assertThatThrownBy(() -> SelectionRule.paramBudget(1.2)).hasMessageContaining("selection.paramBudget = 1.2")
                .hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> new SelectionRule(SelectionKind.TOP_K, 3, 0.5, null))
                .hasMessageContaining("selection.threshold = 0.5: not used by kind top_k");
        assertThatThrownBy(() -> new SelectionRule(null, 3, null, null)).hasMessageContaining("selection.kind");
    }

    @Test
    void kindParsesLowerCaseNamesAndSuggestsOnTypos() {
        assertThat(kind("top_k")).isEqualTo(SelectionKind.TOP_K);
        assertThat(kind("Param-Budget")).isEqualTo(SelectionKind.PARAM_BUDGET);
        assertThatThrownBy(() -> kind("treshold"))
                .hasMessageContaining("unknown value 'treshold'; did you mean 'threshold'?")
                .hasMessageContaining("top_k, threshold, param_budget");
        assertThatThrownBy(() -> kind("zzz")).hasMessageNotContaining("did you mean");
    }

    /** A kind read as a config value is. */
    private static SelectionKind kind(String text) {
        return Json.read('"' + text + '"', SelectionKind.class, "test");
    }

    @Test
    void ruleReadsAndWritesJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        SelectionRule rule = json.readValue("{\"kind\": \"param_budget\", \"paramBudget\": 0.2}", SelectionRule.class);
        assertThat(rule).isEqualTo(SelectionRule.paramBudget(0.2));
        assertThat(json.writeValueAsString(SelectionRule.topK(3))).isEqualTo("{\"kind\":\"top_k\",\"k\":3}");
        assertThat(json.readValue(json.writeValueAsString(SelectionRule.threshold(0.4)), SelectionRule.class))
                .isEqualTo(SelectionRule.threshold(0.4));
        assertThatThrownBy(() -> json.readValue("{\"kind\": \"top-kk\", \"k\": 2}", SelectionRule.class))
                .hasMessageContaining("did you mean 'top_k'?");
    }

    @Test
    void jaccardClosedForms() {
        FlaggedSetComparison c = FlaggedSetComparison.of(Set.of("a", "b", "c"), Set.of("b", "c", "d"));
        assertThat(c.overlap()).isEqualTo(2);
        assertThat(c.union()).isEqualTo(4);
        assertThat(c.jaccard()).isEqualTo(0.5);
        assertThat(FlaggedSetComparison.of(Set.of("a"), Set.of("b")).jaccard()).isEqualTo(0.0);
        assertThat(FlaggedSetComparison.of(List.of("x", "y"), List.of("y", "x")).jaccard()).isEqualTo(1.0);
        assertThat(FlaggedSetComparison.of(Set.of("a", "b", "c", "d"), Set.of("a")).jaccard()).isEqualTo(0.25);
        assertThat(FlaggedSetComparison.of(Set.of(), Set.of()).jaccard()).isEqualTo(1.0);
        FlaggedSetComparison fromSelections = FlaggedSetComparison.of(
                LayerSelection.apply(ATTRIBUTION, SelectionRule.topK(2)),
                LayerSelection.apply(ATTRIBUTION, SelectionRule.topK(3)));
        assertThat(fromSelections.jaccard()).isCloseTo(2.0 / 3, Offset.offset(1e-15));
    }

    @Test
    void comparisonJsonRoundTrip() throws Exception {
        ObjectMapper json = new ObjectMapper();
        FlaggedSetComparison c = FlaggedSetComparison.of(Set.of("fc", "conv2"), Set.of("fc", "out"));
        String text = json.writeValueAsString(c);
        assertThat(text).contains("\"jaccard\":0.3333", "\"overlap\":1", "\"union\":3");
        assertThat(json.readValue(text, FlaggedSetComparison.class)).isEqualTo(c);
    }
}
