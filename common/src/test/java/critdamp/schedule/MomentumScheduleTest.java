package critdamp.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import critdamp.base.ConfigException;
import critdamp.base.Json;
import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import org.junit.jupiter.api.Test;

/** Closed-form values of every momentum kind, clamping and its notes, hybrid switching, and validation. */
class MomentumScheduleTest {
    private static final long T = 1000;
    private static final double EPS = 1e-12;

    private static MomentumSpec spec(MomentumKind kind, Double value, Double muMin, Double muMax, HybridSwitch at,
                                     Double fraction) {
        return new MomentumSpec(kind, value, muMin, muMax, at, fraction);
    }

    @Test
    void physicsIsOneMinusTwiceTheRootOfAlpha() {
        MomentumSpec physics = MomentumSpec.of(MomentumKind.PHYSICS);
        assertThat(physics.build(new ConstantRate(0.01, T)).mu(0)).isCloseTo(0.8, within(EPS));
        assertThat(physics.build(new ConstantRate(0.1, T)).mu(7)).isCloseTo(1 - 2 * Math.sqrt(0.1), within(EPS));
        // follows a schedule step by step
        LearningRateSchedule cos = LearningRateSpec.of(LearningRateKind.COSINE, 0.1).build(T);
        MomentumSchedule mu = physics.build(cos);
        for (long t : new long[] {0, 250, 500, 900}) {
            assertThat(mu.mu(t)).isCloseTo(1 - 2 * Math.sqrt(cos.alpha(t)), within(EPS));
        }
    }

    @Test
    void physicsClampsLargeAlphaToMuMinAndNamesTheSteps() {
        // steps 0..4 at alpha 0.3 (> 1/4: formula negative), 5..9 at 0.03
        LearningRateSchedule lr = new StepRate(0.3, List.of(0.5), 0.1, 10);
        PhysicsMomentum p = PhysicsMomentum.of(lr, 0.0, 0.99);
        assertThat(p.mu(0)).isEqualTo(0.0);
        assertThat(p.mu(4)).isEqualTo(0.0);
        assertThat(p.mu(5)).isCloseTo(1 - 2 * Math.sqrt(0.03), within(EPS));
        assertThat(p.clampNotes()).contains("steps 0..4 (5 steps)").contains("muMin = 0.0")
                .contains("alpha up to 0.3000").doesNotContain("muMax");
        PhysicsMomentum p2 = PhysicsMomentum.of(lr, 0.2, 0.99);
        assertThat(p2.mu(0)).isEqualTo(0.2);
    }

    @Test
    void physicsClampsTinyAlphaToMuMaxAndNamesTheSteps() {
        LearningRateSchedule cos = LearningRateSpec.of(LearningRateKind.COSINE, 0.1).build(T);
        PhysicsMomentum p = PhysicsMomentum.of(cos, 0.0, 0.99);
        // mu > 0.99  <=>  alpha < ((1 - 0.99)/2)^2 = 2.5e-5  <=>  cos(pi t/T) < 2.5e-5/0.05 - 1
        double x = Math.acos(2.5e-5 / 0.05 - 1) / Math.PI;
        long first = (long) Math.floor(x * T) + 1;
        assertThat(first).isBetween(980L, 999L);
        assertThat(p.mu(first)).isEqualTo(0.99);
        assertThat(p.mu(T - 1)).isEqualTo(0.99);
        assertThat(p.mu(first - 1)).isLessThan(0.99).isCloseTo(1 - 2 * Math.sqrt(cos.alpha(first - 1)),
                within(EPS));
        assertThat(p.clampNotes()).contains("steps " + first + "..999").contains("muMax = 0.99")
                .doesNotContain("muMin");
    }

    @Test
    void clampNotesListSeparateRangesSeparately() {
        // warm-up from 1e-5 (clamped high) up to 1e-4 (mu = 0.98, free), cosine back to 0 (clamped high)
        LearningRateSpec spec = new LearningRateSpec(LearningRateKind.WARMUP_COSINE, 1e-4, null, 0.2, 10.0, null,
                null);
        LearningRateSchedule lr = spec.build(T);
        PhysicsMomentum p = PhysicsMomentum.of(lr, 0.0, 0.99);
        assertThat(p.mu(0)).isEqualTo(0.99);
        assertThat(p.mu(200)).isCloseTo(0.98, within(EPS));
        assertThat(p.clampNotes()).matches("steps 0\\.\\.\\d+, \\d+\\.\\.999 \\(\\d+ steps\\).*");
        assertThat(p.clampNotes()).doesNotContain("steps 0..999");
    }

    @Test
    void unclampedScheduleHasNoNotes() {
        assertThat(PhysicsMomentum.of(new ConstantRate(0.01, T), 0.0, 0.99).clampNotes()).isEmpty();
    }

    @Test
    void hybridSwitchesWhereAlphaFallsToTheClosedFormCrossing() {
        LearningRateSchedule cos = LearningRateSpec.of(LearningRateKind.COSINE, 0.1).build(T);
        HybridMomentum h = (HybridMomentum) MomentumSpec.of(MomentumKind.HYBRID).build(cos);
        // physics mu >= 0.9  <=>  alpha <= ((1 - 0.9)/2)^2 = 0.0025  <=>  cos(pi t/T) <= 0.0025/0.05 - 1 = -0.95
        assertThat(CriticalDamping.alphaAtMu(0.9)).isCloseTo(0.0025, within(EPS));
        long expected = (long) Math.ceil(T * Math.acos(-0.95) / Math.PI);
        assertThat(h.switchStep()).isEqualTo(expected);
        assertThat(h.mu(expected - 1)).isCloseTo(1 - 2 * Math.sqrt(cos.alpha(expected - 1)), within(EPS))
                .isLessThan(0.9).isGreaterThan(0.89);
        assertThat(h.mu(expected)).isEqualTo(0.9);
        assertThat(h.mu(T - 1)).isEqualTo(0.9);
        // the physics part alone would be clamped at the very end; the hybrid never uses those steps
        assertThat(PhysicsMomentum.of(cos, 0.0, 0.99).clampNotes()).isNotEmpty();
        assertThat(h.clampNotes()).isEmpty();
    }

    @Test
    void hybridCrossingIgnoresTheWarmup() {
        // warm-up starts at 0.01/10 = 0.001 (physics mu 0.937 > 0.9) but the search starts at the peak
        LearningRateSpec spec = new LearningRateSpec(LearningRateKind.WARMUP_COSINE, 0.01, null, 0.1, 10.0, null,
                null);
        LearningRateSchedule lr = spec.build(T);
        HybridMomentum h = (HybridMomentum) MomentumSpec.of(MomentumKind.HYBRID).build(lr);
        // after the peak (W = 100): 0.005 (1 + cos(pi (t - 100)/900)) <= 0.0025  <=>  cos <= -0.5
        long expected = 100 + (long) Math.ceil(900 * Math.acos(-0.5) / Math.PI);
        assertThat(h.switchStep()).isEqualTo(expected);
        assertThat(h.mu(0)).isCloseTo(1 - 2 * Math.sqrt(0.001), within(EPS));
    }

    @Test
    void hybridFractionRuleSwitchesAtThatShareOfTheRun() {
        LearningRateSchedule cos = LearningRateSpec.of(LearningRateKind.COSINE, 0.1).build(T);
        HybridMomentum h = (HybridMomentum) spec(MomentumKind.HYBRID, 0.95, null, null, HybridSwitch.FRACTION, 0.6)
                .build(cos);
        assertThat(h.switchStep()).isEqualTo(600);
        assertThat(h.mu(599)).isCloseTo(1 - 2 * Math.sqrt(cos.alpha(599)), within(EPS));
        assertThat(h.mu(600)).isEqualTo(0.95);
    }

    @Test
    void hybridThatNeverCrossesStaysPhysics() {
        HybridMomentum h = (HybridMomentum) MomentumSpec.of(MomentumKind.HYBRID).build(new ConstantRate(0.01, T));
        assertThat(h.switchStep()).isEqualTo(Long.MAX_VALUE);
        assertThat(h.mu(T - 1)).isCloseTo(0.8, within(EPS));
    }

    @Test
    void demonDecaysFromBeta0ToZero() {
        MomentumSchedule d = MomentumSpec.of(MomentumKind.DEMON).build(new ConstantRate(0.1, T)); // beta0 = 0.9
        assertThat(d.mu(0)).isCloseTo(0.9, within(EPS));
        // z = 1/2: 0.9 * 0.5 / (0.1 + 0.45) = 9/11
        assertThat(d.mu(T / 2)).isCloseTo(9.0 / 11, within(EPS));
        assertThat(d.mu(T)).isCloseTo(0.0, within(EPS));
        assertThat(d.mu(2 * T)).isCloseTo(0.0, within(EPS));
    }

    @Test
    void oneCycleInverseMovesOppositeToAlpha() {
        LearningRateSchedule lr = LearningRateSpec.of(LearningRateKind.ONE_CYCLE, 0.1).build(T);
        MomentumSchedule m = MomentumSpec.of(MomentumKind.ONE_CYCLE_INVERSE).build(lr); // 0.85 .. 0.95
        double aMin = lr.alpha(T - 1);
        assertThat(m.mu(300)).isCloseTo(0.85, within(EPS)); // alpha peaks
        assertThat(m.mu(T - 1)).isCloseTo(0.95, within(EPS)); // alpha lowest
        assertThat(m.mu(0)).isCloseTo(0.95 - 0.10 * (0.004 - aMin) / (0.1 - aMin), within(EPS));
        assertThat(MomentumSpec.of(MomentumKind.CONSTANT).build(lr).mu(123)).isEqualTo(0.9);
    }

    @Test
    void invalidSpecsAreRejectedWithTheFieldAndTheRule() {
        assertThatThrownBy(() -> spec(MomentumKind.PHYSICS, null, 0.9, 0.5, null, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("momentum.muMin = 0.9 is above momentum.muMax = 0.5");
        assertThatThrownBy(() -> spec(MomentumKind.PHYSICS, null, null, 1.0, null, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("momentum.muMax = 1.0");
        assertThatThrownBy(() -> Json.read("\"phisics\"", MomentumKind.class, "test"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("did you mean 'physics'?");
        assertThatThrownBy(() -> ConfigLoader.parse("""
                learningRate: {kind: cosine, baseLr: 0.05}
                momentum: {kind: hybird}
                """, List.of(), TrainConfig.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("momentum.kind")
                .hasMessageContaining("did you mean 'hybrid'?");
        assertThatThrownBy(() -> ConfigLoader.parse("""
                learningRate: {kind: cosine, baseLr: 0}
                """, List.of(), TrainConfig.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("learningRate.baseLr = 0.0");
    }
}
