package critdamp.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import critdamp.base.ConfigException;
import critdamp.base.Json;
import org.junit.jupiter.api.Test;

/** Closed-form values of every learning-rate kind, and the spec's validation. */
class LearningRateScheduleTest {
    private static final long T = 1000;
    private static final double EPS = 1e-12;

    @Test
    void constantIsConstant() {
        LearningRateSchedule lr = LearningRateSpec.of(LearningRateKind.CONSTANT, 0.1).build(T);
        assertThat(lr.alpha(0)).isEqualTo(0.1);
        assertThat(lr.alpha(T - 1)).isEqualTo(0.1);
        assertThat(lr.alpha(5 * T)).isEqualTo(0.1);
        assertThat(lr.totalSteps()).isEqualTo(T);
    }

    @Test
    void cosineStartsAtBaseHalvesAtMidRunAndEndsAtMin() {
        LearningRateSchedule lr = LearningRateSpec.of(LearningRateKind.COSINE, 0.1).build(T);
        assertThat(lr.alpha(0)).isCloseTo(0.1, within(EPS));
        assertThat(lr.alpha(T / 4)).isCloseTo(0.05 * (1 + Math.cos(Math.PI / 4)), within(EPS));
        assertThat(lr.alpha(T / 2)).isCloseTo(0.05, within(EPS));
        assertThat(lr.alpha(T)).isCloseTo(0.0, within(EPS));
        assertThat(lr.alpha(T + 10)).isCloseTo(0.0, within(EPS)); // past the end: the final value

        LearningRateSchedule withMin = new LearningRateSpec(LearningRateKind.COSINE, 0.1, 0.001, null, null, null,
                null).build(T);
        assertThat(withMin.alpha(T / 2)).isCloseTo(0.001 + 0.099 / 2, within(EPS));
        assertThat(withMin.alpha(T)).isCloseTo(0.001, within(EPS));
    }

    @Test
    void warmupCosineRisesLinearlyFromBaseOverDivisorThenAnneals() {
        // W = 0.05 * 1000 = 50 steps, from 0.1/10 = 0.01 to 0.1
        LearningRateSchedule lr = LearningRateSpec.of(LearningRateKind.WARMUP_COSINE, 0.1).build(T);
        assertThat(lr.alpha(0)).isCloseTo(0.01, within(EPS));
        assertThat(lr.alpha(25)).isCloseTo(0.01 + 0.09 * 0.5, within(EPS));
        assertThat(lr.alpha(50)).isCloseTo(0.1, within(EPS));
        assertThat(lr.alpha(50 + 475)).isCloseTo(0.05, within(EPS)); // half-way through the cosine part
        assertThat(lr.alpha(T)).isCloseTo(0.0, within(EPS));
    }

    @Test
    void stepScheduleMultipliesByGammaAtEachMilestone() {
        LearningRateSchedule lr = LearningRateSpec.of(LearningRateKind.STEP, 0.1).build(T); // [0.5, 0.75], 0.1
        assertThat(lr.alpha(0)).isCloseTo(0.1, within(EPS));
        assertThat(lr.alpha(499)).isCloseTo(0.1, within(EPS));
        assertThat(lr.alpha(500)).isCloseTo(0.01, within(EPS));
        assertThat(lr.alpha(749)).isCloseTo(0.01, within(EPS));
        assertThat(lr.alpha(750)).isCloseTo(0.001, within(EPS));
        assertThat(lr.alpha(T - 1)).isCloseTo(0.001, within(EPS));
    }

    @Test
    void oneCyclePeaksAtTheEndOfWarmup() {
        // W = 0.3 * 1000 = 300, start 0.1/25 = 0.004, half-cosine rise, cosine down to 0
        LearningRateSchedule lr = LearningRateSpec.of(LearningRateKind.ONE_CYCLE, 0.1).build(T);
        assertThat(lr.alpha(0)).isCloseTo(0.004, within(EPS));
        assertThat(lr.alpha(150)).isCloseTo(0.004 + 0.096 * 0.5, within(EPS));
        assertThat(lr.alpha(300)).isCloseTo(0.1, within(EPS));
        assertThat(lr.alpha(300 + 350)).isCloseTo(0.05, within(EPS));
        assertThat(lr.alpha(T)).isCloseTo(0.0, within(EPS));
        long argmax = 0;
        for (long t = 0; t < T; t++) {
            argmax = lr.alpha(t) > lr.alpha(argmax) ? t : argmax;
        }
        assertThat(argmax).isEqualTo(300);
    }

    @Test
    void invalidSpecsAreRejectedWithTheFieldAndTheRule() {
        assertThatThrownBy(() -> LearningRateSpec.of(LearningRateKind.COSINE, 0.0))
                .isInstanceOf(ConfigException.class).hasMessageContaining("learningRate.baseLr = 0.0")
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> LearningRateSpec.of(LearningRateKind.COSINE, -0.1))
                .isInstanceOf(ConfigException.class).hasMessageContaining("learningRate.baseLr = -0.1");
        assertThatThrownBy(() -> new LearningRateSpec(LearningRateKind.COSINE, 0.1, 0.2, null, null, null, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("minLr = 0.2 must be below baseLr");
        assertThatThrownBy(() -> new LearningRateSpec(LearningRateKind.STEP, 0.1, null, null, null,
                List.of(0.75, 0.5), null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("increasing");
        assertThatThrownBy(() -> Json.read("\"cosin\"", LearningRateKind.class, "test"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("did you mean 'cosine'?");
    }
}
