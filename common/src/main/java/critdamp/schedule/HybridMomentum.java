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
    private static final long serialVersionUID = 2L;
    private static final Logger LOG = LoggerFactory.getLogger(HybridMomentum.class);
    private final PhysicsMomentum physics;
    private final double value;
    private final long switchStep;
    private final String clampNotes;

    private HybridMomentum(PhysicsMomentum physics, double value, long switchStep) {
        this.physics = physics;
        this.value = value;
        this.switchStep = switchStep;
        this.clampNotes = physics.clampNotes(0, Math.min(switchStep, physics.learningRate().totalSteps()));
    }

    /**
     * The hybrid over {@code physics}; logs one warning if physics mu is clamped before the switch or never reaches
     * {@code value}. ({@link MomentumSpec#build} builds {@code physics} without its own whole-run warning.)
     */
    public static HybridMomentum of(PhysicsMomentum physics, double value, HybridSwitch rule, double fraction) {
        return create(physics, value, rule, fraction, true);
    }

    /** As {@link #of}, logging only if {@code warn}. */
    static HybridMomentum create(PhysicsMomentum physics, double value, HybridSwitch rule, double fraction,
                                 boolean warn) {
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
            if (at == Long.MAX_VALUE && warn) {
                LOG.warn("hybrid momentum: physics mu never reaches {} after the peak learning rate (alpha stays above "
                        + "{}), so the whole run uses physics momentum", value,
                        String.format(java.util.Locale.ROOT, "%.4g", CriticalDamping.alphaAtMu(value)));
            }
        }
        HybridMomentum h = new HybridMomentum(physics, value, at);
        if (warn && !h.clampNotes().isEmpty()) {
            LOG.warn("hybrid momentum, physics phase: {}", h.clampNotes());
        }
        return h;
    }

    @Override
    public double mu(long step) {
        return step < switchStep ? physics.mu(step) : value;
    }

    /**
     * Clamping of physics mu in the steps that use it (before {@link #switchStep()}); empty if none. Clamping after the
     * switch (e.g. alpha -> 0 at the end of a cosine) does not matter here: those steps use the constant.
     */
    public String clampNotes() {
        return clampNotes;
    }

    /** The first step with constant momentum ({@code Long.MAX_VALUE}: never). */
    public long switchStep() {
        return switchStep;
    }
}
