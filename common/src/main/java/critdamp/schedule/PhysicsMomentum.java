package critdamp.schedule;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mu(t) = clamp(1 - 2*sqrt(alpha(t)), muMin, muMax): momentum from critical damping ({@link CriticalDamping}), the
 * paper's schedule. It adds no hyperparameter: mu follows the learning-rate schedule, and the effective step
 * alpha/(1-mu) becomes sqrt(alpha)/2.
 *
 * <p>Where the run's schedule leaves the formula's range, {@link #of} logs one warning saying which steps are clamped,
 * to what, and why; {@link #clampNotes()} returns the same text for reports and the {@code schedule} command.
 */
public final class PhysicsMomentum implements MomentumSchedule {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PhysicsMomentum.class);
    private final LearningRateSchedule lr;
    private final double muMin;
    private final double muMax;
    private final String clampNotes;

    private PhysicsMomentum(LearningRateSchedule lr, double muMin, double muMax) {
        this.lr = lr;
        this.muMin = muMin;
        this.muMax = muMax;
        this.clampNotes = describeClamping();
    }

    /** The physics schedule over {@code lr}; warns once (here) if any step of the run is clamped. */
    public static PhysicsMomentum of(LearningRateSchedule lr, double muMin, double muMax) {
        PhysicsMomentum p = new PhysicsMomentum(lr, muMin, muMax);
        if (!p.clampNotes.isEmpty()) {
            LOG.warn("physics momentum: {}", p.clampNotes);
        }
        return p;
    }

    @Override
    public double mu(long step) {
        return Math.max(muMin, Math.min(muMax, CriticalDamping.mu(lr.alpha(step))));
    }

    /** The learning-rate schedule this momentum follows. */
    public LearningRateSchedule learningRate() {
        return lr;
    }

    /** Empty when no step is clamped; otherwise which steps are clamped, to what and why. */
    public String clampNotes() {
        return clampNotes;
    }

    private String describeClamping() {
        long lowFrom = -1, lowTo = -1, highFrom = -1, highTo = -1;
        double maxAlpha = 0, minAlpha = Double.MAX_VALUE;
        for (long t = 0; t < lr.totalSteps(); t++) {
            double a = lr.alpha(t);
            double raw = CriticalDamping.mu(a);
            if (raw < muMin) {
                lowFrom = lowFrom < 0 ? t : lowFrom;
                lowTo = t;
                maxAlpha = Math.max(maxAlpha, a);
            } else if (raw > muMax) {
                highFrom = highFrom < 0 ? t : highFrom;
                highTo = t;
                minAlpha = Math.min(minAlpha, a);
            }
        }
        StringBuilder s = new StringBuilder();
        if (lowFrom >= 0) {
            s.append(String.format("steps %d..%d have alpha up to %.4g > %.4g, where 1 - 2*sqrt(alpha) < muMin = %s "
                            + "(above alpha = 1/4 no non-negative momentum damps critically): mu clamped to %s there",
                    lowFrom, lowTo, maxAlpha, CriticalDamping.alphaAtMu(muMin), muMin, muMin));
        }
        if (highFrom >= 0) {
            s.append(s.length() > 0 ? "; " : "");
            s.append(String.format("steps %d..%d have alpha down to %.4g < %.4g, where 1 - 2*sqrt(alpha) > muMax = %s "
                            + "(mu -> 1 as alpha -> 0 removes all friction): mu clamped to %s there",
                    highFrom, highTo, minAlpha, CriticalDamping.alphaAtMu(muMax), muMax, muMax));
        }
        return s.toString();
    }
}
