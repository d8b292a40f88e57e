package critdamp.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParameterLayoutTest {
    /** conv (2x1x3x3), its batch norm (2 channels), a dense 3x2 with bias. */
    private static ParameterLayout tiny() {
        return new ParameterLayout(List.of(
                ParameterBlock.of("block1_conv1", ParameterRole.WEIGHT, 2, 1, 3, 3),
                ParameterBlock.of("block1_bn1", ParameterRole.BN_GAMMA, 2),
                ParameterBlock.of("block1_bn1", ParameterRole.BN_BETA, 2),
                ParameterBlock.of("block1_bn1", ParameterRole.BN_MEAN, 2),
                ParameterBlock.of("block1_bn1", ParameterRole.BN_LOG10_STD, 2),
                ParameterBlock.of("fc", ParameterRole.WEIGHT, 3, 2),
                ParameterBlock.of("fc", ParameterRole.BIAS, 3)));
    }

    @Test
    void fullAndTrainableCoordinatesSkipOnlyTheRunningStatistics() {
        ParameterLayout l = tiny();
        assertThat(l.size()).isEqualTo(18 + 4 * 2 + 6 + 3);
        assertThat(l.trainableSize()).isEqualTo(18 + 2 * 2 + 6 + 3);
        assertThat(l.offset(5)).isEqualTo(26);
        assertThat(l.trainableOffset(5)).isEqualTo(22);
        assertThat(l.trainableOffset(3)).isEqualTo(-1);
        assertThat(l.trainableOffset(4)).isEqualTo(-1);
    }

    @Test
    void groupsFollowLayerGroupsAndTheirRangesCoverTheTrainableVector() {
        ParameterLayout l = tiny();
        assertThat(l.groups().keySet()).containsExactly("block1_1", "fc");
        assertThat(l.trainableRanges("block1_1")).containsExactly(new int[] {0, 18}, new int[] {18, 20},
                new int[] {20, 22});
        assertThat(l.trainableRanges("fc")).containsExactly(new int[] {22, 28}, new int[] {28, 31});
        assertThatThrownBy(() -> l.trainableRanges("block9_1"))
                .hasMessage("unknown layer group(s) [block9_1]; the groups are [block1_1, fc]");
        assertThatThrownBy(() -> l.requireGroups(Set.of("fc", "stem")))
                .hasMessageContaining("[stem]");
    }

    @Test
    void wrongLengthsAndDuplicateBlocksAreRefused() {
        ParameterLayout l = tiny();
        assertThatThrownBy(() -> l.requireFullLength(30)).hasMessage(
                "30 values given for a network of 35 (parameters and batch-norm statistics)");
        assertThatThrownBy(() -> l.requireTrainableLength(35)).hasMessage(
                "35 values given for a network of 31 trainable parameters");
        assertThatThrownBy(() -> new ParameterLayout(List.of(ParameterBlock.of("fc", ParameterRole.BIAS, 3),
                ParameterBlock.of("fc", ParameterRole.BIAS, 3)))).hasMessageContaining("appears twice");
        assertThatThrownBy(() -> ParameterBlock.of("fc", ParameterRole.BIAS, 0)).hasMessageContaining("each > 0");
    }

    @Test
    void log10StdRoundTripsTheVarianceAsDl4jStoresIt() {
        for (float var : new float[] {1f, 0.25f, 3.7f, 1e-4f, 250f}) {
            float l = ParameterRole.log10StdOfVariance(var);
            assertThat(ParameterRole.varianceOfLog10Std(l)).isCloseTo(var, org.assertj.core.data.Percentage
                    .withPercentage(1e-4));
        }
        assertThat(ParameterRole.log10StdOfVariance(1f)).isZero();
        assertThat(ParameterRole.ofDl4jKey("log10stdev")).isEqualTo(ParameterRole.BN_LOG10_STD);
        assertThatThrownBy(() -> ParameterRole.ofDl4jKey("var")).hasMessageContaining("log10stdev");
    }
}
