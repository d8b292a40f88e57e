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
    void parameterBudgetTakesLayersStrictlyInRankOrderAndIsNeverExceeded() {
        // 20%: fc (40%, rank 1) does not fit, so nothing does: conv2 (10%, rank 2) may not take its place
        LayerSelection twenty = LayerSelection.apply(ATTRIBUTION, SelectionRule.paramBudget(0.2));
        assertThat(twenty.names()).isEmpty();
        assertThat(twenty.flaggedShare()).isEqualTo(0.0);
        // 55%: fc (40%), conv2 (+10%), then conv1 (+30%) would overshoot and ends the selection; out (+15%) would
        // overshoot too
        LayerSelection half = LayerSelection.apply(ATTRIBUTION, SelectionRule.paramBudget(0.55));
        assertThat(half.names()).containsExactly("fc", "conv2");
        assertThat(half.flaggedParams()).isEqualTo(500);
        // 85%: fc, conv2, conv1 (80%); out (+15%) would overshoot
        assertThat(LayerSelection.apply(ATTRIBUTION, SelectionRule.paramBudget(0.85)).names())
                .containsExactly("fc", "conv2", "conv1");
        List<String> ranking = ATTRIBUTION.ranked().stream().map(LayerScore::name).toList();
        for (double budget = 0.05; budget <= 1.0; budget += 0.05) {
            LayerSelection s = LayerSelection.apply(ATTRIBUTION, SelectionRule.paramBudget(budget));
            assertThat(s.flaggedShare()).as("budget %s", budget).isLessThanOrEqualTo(budget);
            assertThat(s.flaggedShare()).isEqualTo(s.flagged().stream().mapToDouble(LayerScore::paramShare).sum(),
                    Offset.offset(1e-12));
            assertThat(s.names()).as("budget %s: a prefix of the ranking", budget)
                    .isEqualTo(ranking.subList(0, s.names().size()));
        }
        // the whole model: every scored layer (95%; the NaN layer is never flagged)
        assertThat(LayerSelection.apply(ATTRIBUTION, SelectionRule.paramBudget(1.0)).flaggedShare()).isEqualTo(0.95);
    }

    /** Without k, top_k takes the paper's share of the candidates: round(3n/7), at least 1. */
    @Test
    void topKWithoutKTakesThePapersShare() {
        SelectionRule paper = SelectionRule.topPaperShare();
        assertThat(paper.k(7)).isEqualTo(3);
        assertThat(paper.k(6)).isEqualTo(3);
        assertThat(paper.k(5)).isEqualTo(2);
        assertThat(paper.k(1)).isEqualTo(1);
        assertThat(SelectionRule.topK(4).k(6)).isEqualTo(4);
        // 5 layers: 2, the two highest scores
        assertThat(LayerSelection.apply(ATTRIBUTION, paper).names()).containsExactly("fc", "conv2");
        assertThatThrownBy(() -> SelectionRule.threshold(0.5).k(3)).isInstanceOf(IllegalStateException.class);
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
        assertThat(FlaggedSetComparison.jaccard(Set.of("a", "b", "c"), Set.of("b", "c", "d"))).isEqualTo(0.5);
        assertThat(FlaggedSetComparison.jaccard(Set.of("a"), Set.of("b"))).isEqualTo(0.0);
        assertThat(FlaggedSetComparison.jaccard(List.of("x", "y"), List.of("y", "x"))).isEqualTo(1.0);
        assertThat(FlaggedSetComparison.jaccard(Set.of("a", "b", "c", "d"), Set.of("a"))).isEqualTo(0.25);
        assertThat(FlaggedSetComparison.jaccard(Set.of(), Set.of())).isEqualTo(1.0);
        FlaggedSetComparison c = new FlaggedSetComparison(List.of("a", "b", "c"), List.of("b", "c", "d"), 6, 0.5);
        assertThat(c.overlap()).isEqualTo(2);
        assertThat(c.union()).isEqualTo(4);
        assertThat(c.jaccard()).isEqualTo(0.5);
    }

    /**
     * E[J] of two random 3-of-6 draws: overlap 0..3 with probabilities 1, 9, 9, 1 (/20) and J = 0, 1/5, 2/4, 1:
     * 0.365; and against brute-force enumeration of all pairs of subsets for small n.
     */
    @Test
    void chanceJaccardIsTheHypergeometricExpectation() {
        assertThat(FlaggedSetComparison.expectedJaccard(6, 3, 3)).isCloseTo(0.365, Offset.offset(1e-12));
        assertThat(FlaggedSetComparison.expectedJaccard(5, 5, 5)).isEqualTo(1.0);
        assertThat(FlaggedSetComparison.expectedJaccard(4, 0, 0)).isEqualTo(1.0);
        assertThat(FlaggedSetComparison.expectedJaccard(4, 0, 2)).isEqualTo(0.0);
        for (int n = 1; n <= 7; n++) {
            for (int k1 = 0; k1 <= n; k1++) {
                for (int k2 = 0; k2 <= n; k2++) {
                    assertThat(FlaggedSetComparison.expectedJaccard(n, k1, k2)).as("n %d k1 %d k2 %d", n, k1, k2)
                            .isCloseTo(bruteForceJaccard(n, k1, k2), Offset.offset(1e-12));
                }
            }
        }
        assertThat(new FlaggedSetComparison(List.of("a", "b", "c"), List.of("a", "b", "d"), 6, 1).chanceJaccard())
                .isCloseTo(0.365, Offset.offset(1e-12));
    }

    private static double bruteForceJaccard(int n, int k1, int k2) {
        double sum = 0;
        int pairs = 0;
        for (int a = 0; a < 1 << n; a++) {
            for (int b = 0; b < 1 << n; b++) {
                if (Integer.bitCount(a) == k1 && Integer.bitCount(b) == k2) {
                    int union = Integer.bitCount(a | b);
                    sum += union == 0 ? 1.0 : (double) Integer.bitCount(a & b) / union;
                    pairs++;
                }
            }
        }
        return sum / pairs;
    }

    @Test
    void spearmanRankCorrelation() {
        double[] x = {0.9, 0.5, 0.7, 0.1};
        assertThat(FlaggedSetComparison.spearman(x, new double[] {9, 5, 7, 1})).isCloseTo(1.0, Offset.offset(1e-12));
        assertThat(FlaggedSetComparison.spearman(x, new double[] {1, 5, 3, 9})).isCloseTo(-1.0, Offset.offset(1e-12));
        // ranks 1,3,2,4 vs 1,2,3,4: rho = 1 - 6 * 2 / (4 * 15) = 0.8
        assertThat(FlaggedSetComparison.spearman(x, new double[] {4, 3, 2, 1})).isCloseTo(0.8, Offset.offset(1e-12));
        // a tie shares the average rank (NaN ranks last): ranks 1, 2.5, 2.5, 4
        assertThat(FlaggedSetComparison.spearman(new double[] {3, 2, 2, Double.NaN}, new double[] {4, 3, 2, 1}))
                .isCloseTo(0.9486832980505138, Offset.offset(1e-12));
        assertThat(FlaggedSetComparison.spearman(new double[] {1, 1}, new double[] {1, 2})).isNaN();
    }

    @Test
    void comparisonJsonRoundTrip() throws Exception {
        ObjectMapper json = new ObjectMapper();
        FlaggedSetComparison c = new FlaggedSetComparison(Set.of("fc", "conv2").stream().toList(),
                List.of("fc", "out"), 5, 0.7);
        String text = json.writeValueAsString(c);
        assertThat(text).contains("\"jaccard\":0.3333", "\"overlap\":1", "\"union\":3", "\"chanceJaccard\"",
                "\"rankCorrelation\":0.7");
        assertThat(json.readValue(text, FlaggedSetComparison.class)).isEqualTo(c);
    }
}
