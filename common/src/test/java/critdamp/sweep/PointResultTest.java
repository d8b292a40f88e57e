package critdamp.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.run.EpochRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

/** A point's best epoch is chosen on validation accuracy; divergence is told apart from other failures. */
class PointResultTest {
    private static EpochRecord epoch(int e, double val, double test) {
        return new EpochRecord(e, 10L * e, 0.05, 0.9, 1.0, val, test, 1.0, 10.0 * e, 100);
    }

    @Test
    void theBestEpochIsTheEarliestHighestValidationAccuracyNotTheHighestTest() {
        EpochRecord best = PointResult.bestValidationEpoch(List.of(epoch(1, 0.40, 0.35), epoch(2, 0.55, 0.50),
                epoch(3, 0.55, 0.58), epoch(4, 0.50, 0.70)));
        assertThat(best.epoch()).isEqualTo(2);
        assertThat(best.testAccuracy()).isEqualTo(0.50);
        assertThat(PointResult.bestValidationEpoch(List.of(epoch(1, Double.NaN, 0.6)))).isNull();
    }

    @Test
    void aDivergenceIsAFailureOfItsOwnKind() {
        assertThat(new PointStatus("p", "p", PointStatus.FAILED, PointStatus.DIVERGENCE + ": loss = NaN", "f", "t", 1)
                .diverged()).isTrue();
        assertThat(new PointStatus("p", "p", PointStatus.FAILED, "IOException: no space", "f", "t", 1).diverged())
                .isFalse();
        assertThat(new PointStatus("p", "p", PointStatus.DONE, null, "f", "t", 1).diverged()).isFalse();
    }
}
