package critdamp.schedule;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Physics momentum until {@link #switchStep()}, then the constant {@code value} for the final refinement (the paper's
 * hybrid, fastest to 95%). The switch rule is {@link HybridSwitch}; for CROSSING the search starts at the step of peak
 * alpha, so a warm-up's small rates do not trigger it, and if physics mu never reaches the value the run stays physics
 * (with a warning).
 */
public final class HybridMomentum implements MomentumSchedule {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HybridMomentum.class);
    private final PhysicsMomentum physics;
    private final double value;
    private final long switchStep;

    private HybridMomentum(PhysicsMomentum physics, double value, long switchStep) {
        this.physics = physics;
        this.value = value;
        this.switchStep = switchStep;
    }

    public static HybridMomentum of(PhysicsMomentum physics, double value, HybridSwitch rule, double fraction) {
        LearningRateSchedule lr = physics.learningRate();
        long total = lr.totalSteps();
        long at;
        if (rule == HybridSwitch.FRACTION) {
            at = Math.round(fraction * total);
        } else {
            long peak = 0;
            for (long t = 1; t < total; t++) {
                if (lr.alpha(t) > lr.alpha(peak)) {
                    peak = t;
                }
            }
            at = Long.MAX_VALUE;
            for (long t = peak; t < total; t++) {
                if (physics.mu(t) >= value) {
                    at = t;
                    break;
                }
            }
            if (at == Long.MAX_VALUE) {
                LOG.warn("hybrid momentum: physics mu never reaches {} after the peak learning rate (alpha stays above "
                        + "{}), so the whole run uses physics momentum", value, CriticalDamping.alphaAtMu(value));
            }
        }
        return new HybridMomentum(physics, value, at);
    }

    @Override
    public double mu(long step) {
        return step < switchStep ? physics.mu(step) : value;
    }

    /** The first step with constant momentum ({@code Long.MAX_VALUE}: never). */
    public long switchStep() {
        return switchStep;
    }
}
