package critdamp.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import critdamp.run.EpochRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

/** The loss smoothing (bias-corrected EMA, as pandas' ewm(span, adjust=True)) and the validation-chosen best epoch. */
class SmoothingAndBestEpochTest {
    @Test
    void emaMatchesTheBiasCorrectedWeightedMean() {
        // span 3: weight a = 0.5, so the points count 1, 0.5, 0.25 by age
        double[] s = Smoothing.ema(new double[] {1, 2, 3}, 3);
        assertThat(s[0]).isEqualTo(1.0);
        assertThat(s[1]).isCloseTo((2 + 0.5 * 1) / 1.5, within(1e-12));
        assertThat(s[2]).isCloseTo((3 + 0.5 * 2 + 0.25 * 1) / 1.75, within(1e-12));
        assertThat(Smoothing.ema(new double[] {4, 4, 4, 4}, 10)).containsExactly(4, 4, 4, 4);
        assertThat(Smoothing.ema(new double[] {1, 5, 2}, 1)).containsExactly(1, 5, 2);
    }

    @Test
    void nonFiniteLossesStayGapsAndDoNotPoisonLaterPoints() {
        double[] s = Smoothing.ema(new double[] {1, Double.NaN, 1}, 3);
        assertThat(s[1]).isNaN();
        assertThat(s[2]).isEqualTo(1.0);
    }

    @Test
    void theSpanGrowsWithTheRunBetweenBounds() {
        assertThat(Smoothing.spanFor(6)).isEqualTo(3);
        assertThat(Smoothing.spanFor(300)).isEqualTo(15);
        assertThat(Smoothing.spanFor(100_000)).isEqualTo(50);
    }

    @Test
    void bestEpochIsTheEarliestMaximumOfValidationAccuracy() {
        List<EpochRecord> epochs = List.of(epoch(1, 0.3, 0.2), epoch(2, 0.5, 0.45), epoch(3, 0.5, 0.6),
                epoch(4, 0.4, 0.7));
        BestEpoch b = BestEpoch.choose(epochs).orElseThrow();
        assertThat(b.epoch()).isEqualTo(2);
        assertThat(b.split()).isEqualTo(BestEpoch.Split.VALIDATION);
        assertThat(b.testAccuracy()).isEqualTo(0.45);
    }

    @Test
    void withoutValidationTheTestSplitChoosesAndSaysSo() {
        BestEpoch b = BestEpoch.choose(List.of(epoch(1, Double.NaN, 0.2), epoch(2, Double.NaN, 0.6))).orElseThrow();
        assertThat(b.epoch()).isEqualTo(2);
        assertThat(b.split()).isEqualTo(BestEpoch.Split.TEST);
        assertThat(b.split().label()).contains("optimistic");
        assertThat(BestEpoch.choose(List.of())).isEmpty();
    }

    private static EpochRecord epoch(int e, double val, double test) {
        return new EpochRecord(e, 10L * e, 0.05, 0.5, 1.0, val, test, 1.0, 10.0 * e, 100);
    }
}
