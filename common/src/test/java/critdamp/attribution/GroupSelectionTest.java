package critdamp.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Group scores from layer scores, selection strictly in rank order, selection.json. */
class GroupSelectionTest {
    /**
     * Groups (small-CNN names), 1000 parameters: fc 50 (score 2.0), block1_1 320 (|G| = |theta| = 5: 1.0),
     * block2_1 580 (6 / 10: 0.6), block1_2 50 (1 / 10: 0.1).
     */
    private static final LayerAttribution LAYERS = new LayerAttribution(10, 90, List.of(
            layer("block1_conv1", 300, 3, 4), layer("block1_bn1", 20, 4, 3),
            layer("block1_conv2", 40, 1, 10), layer("block1_bn2", 10, 0, 0),
            layer("block2_conv1", 500, 6, 8), layer("block2_bn1", 80, 0, 6),
            layer("fc", 50, 2, 1)));
    private static final GroupAttribution GROUPS = GroupAttribution.of(LAYERS);

    private static LayerScore layer(String name, long params, double gradM, double theta) {
        return new LayerScore(name, params, params / 1000.0, gradM, 1, theta, gradM / theta, gradM);
    }

    @Test
    void groupScoreIsTheRelativeGradientOfTheGroupsParametersAsOneVector() {
        assertThat(GROUPS.groups()).extracting(GroupScore::name)
                .containsExactly("block1_1", "block1_2", "block2_1", "fc");
        GroupScore b11 = GROUPS.groups().get(0);
        assertThat(b11.layers()).containsExactly("block1_conv1", "block1_bn1");
        assertThat(b11.paramCount()).isEqualTo(320);
        assertThat(b11.paramShare()).isEqualTo(0.32);
        assertThat(b11.gradNormMisclassified()).isCloseTo(5, Offset.offset(1e-12)); // sqrt(3^2 + 4^2)
        assertThat(b11.paramNorm()).isCloseTo(5, Offset.offset(1e-12));
        assertThat(b11.score()).isCloseTo(1.0, Offset.offset(1e-12));
        assertThat(b11.gradNormCorrect()).isCloseTo(Math.sqrt(2), Offset.offset(1e-12));
        assertThat(b11.contrast()).isCloseTo(5 / Math.sqrt(2), Offset.offset(1e-12));
        assertThat(GROUPS.ranked()).extracting(GroupScore::name).containsExactly("fc", "block1_1", "block2_1",
                "block1_2");
        assertThat(GROUPS.totalParams()).isEqualTo(1000);
        assertThat(GROUPS.toTable()).contains("block2_1", "58.00%");
    }

    /** block2_1 (58%) overshoots 50% after fc and block1_1: it ends the selection, block1_2 (5%) may not follow. */
    @Test
    void parameterBudgetNeverSkipsToALowerRankedSmallerGroup() {
        GroupSelection half = GroupSelection.apply(GROUPS, SelectionRule.paramBudget(0.5));
        assertThat(half.flaggedGroups()).containsExactly("fc", "block1_1");
        assertThat(half.flaggedParams()).isEqualTo(370);
        assertThat(half.flaggedShare()).isEqualTo(0.37);
        assertThat(GroupSelection.apply(GROUPS, SelectionRule.paramBudget(0.04)).flaggedGroups()).isEmpty();
        List<String> ranking = List.of("fc", "block1_1", "block2_1", "block1_2");
        for (double budget = 0.01; budget <= 1.0; budget += 0.01) {
            GroupSelection s = GroupSelection.apply(GROUPS, SelectionRule.paramBudget(budget));
            assertThat(s.flaggedShare()).as("budget %s", budget).isLessThanOrEqualTo(budget);
            assertThat(s.flaggedGroups()).as("budget %s: a prefix of the ranking", budget)
                    .isEqualTo(ranking.subList(0, s.flaggedGroups().size()));
        }
    }

    @Test
    void topKAndThresholdTakeGroupsInRankOrder() {
        // 4 groups: the paper's share is round(12 / 7) = 2
        GroupSelection paper = GroupSelection.apply(GROUPS, SelectionRule.topPaperShare());
        assertThat(paper.flaggedGroups()).containsExactly("fc", "block1_1");
        assertThat(paper.flagged()).containsExactly("fc", "block1_conv1", "block1_bn1");
        assertThat(GroupSelection.apply(GROUPS, SelectionRule.topK(3)).flaggedGroups())
                .containsExactly("fc", "block1_1", "block2_1");
        assertThat(GroupSelection.apply(GROUPS, SelectionRule.threshold(0.6)).flaggedGroups())
                .containsExactly("fc", "block1_1", "block2_1");
        assertThat(paper.summary()).contains("flagged 2 of 4 groups", "[fc, block1_1]", "37.0%");
    }

    @Test
    void selectionJsonRecordsEveryGroupsRankScoreAndShare() {
        GroupSelection s = GroupSelection.apply(GROUPS, SelectionRule.topK(2));
        assertThat(s.ranking()).extracting(RankedGroup::rank).containsExactly(1, 2, 3, 4);
        assertThat(s.ranking()).extracting(RankedGroup::flagged).containsExactly(true, true, false, false);
        RankedGroup third = s.ranking().get(2);
        assertThat(third.name()).isEqualTo("block2_1");
        assertThat(third.score()).isCloseTo(0.6, Offset.offset(1e-12));
        assertThat(third.paramShare()).isEqualTo(0.58);
        String json = s.toJson();
        assertThat(json).contains("\"rank\" : 3", "\"flaggedGroups\" : [ \"fc\", \"block1_1\" ]",
                "\"paramShare\" : 0.58");
        assertThat(GroupSelection.fromJson(json)).isEqualTo(s);
    }

    /** top-1 {fc} against top-2 {fc, block1_1}: Jaccard 1/2, chance E[J] for 1 and 2 of 4 = 1/4, same ranking. */
    @Test
    void comparesTwoSelectionsOverTheSameGroups() {
        FlaggedSetComparison c = FlaggedSetComparison.of(GroupSelection.apply(GROUPS, SelectionRule.topK(1)),
                GroupSelection.apply(GROUPS, SelectionRule.topK(2)));
        assertThat(c.jaccard()).isEqualTo(0.5);
        assertThat(c.groups()).isEqualTo(4);
        assertThat(c.chanceJaccard()).isCloseTo(0.25, Offset.offset(1e-12));
        assertThat(c.rankCorrelation()).isCloseTo(1.0, Offset.offset(1e-12));
        GroupSelection other = GroupSelection.apply(GroupAttribution.of(new LayerAttribution(1, 1, List.of(
                layer("stem_conv", 10, 1, 1), layer("fc", 10, 1, 1)))), SelectionRule.topK(1));
        assertThatThrownBy(() -> FlaggedSetComparison.of(other, GroupSelection.apply(GROUPS, SelectionRule.topK(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different groups");
    }
}
