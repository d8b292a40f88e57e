package critdamp.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
    private static final long serialVersionUID = 2L;
    private static final Logger LOG = LoggerFactory.getLogger(PhysicsMomentum.class);
    /** At most this many step ranges are listed per clamp direction; the rest are counted. */
    private static final int MAX_RANGES = 4;
    private final LearningRateSchedule lr;
    private final double muMin;
    private final double muMax;
    private final String clampNotes;

    private PhysicsMomentum(LearningRateSchedule lr, double muMin, double muMax) {
        this.lr = lr;
        this.muMin = muMin;
        this.muMax = muMax;
        this.clampNotes = clampNotes(0, lr.totalSteps());
    }

    /** The physics schedule over {@code lr}; warns once (here) if any step of the run is clamped. */
    public static PhysicsMomentum of(LearningRateSchedule lr, double muMin, double muMax) {
        return create(lr, muMin, muMax, true);
    }

    /** As {@link #of}, logging the clamp warning only if {@code warn}. */
    static PhysicsMomentum create(LearningRateSchedule lr, double muMin, double muMax, boolean warn) {
        PhysicsMomentum p = new PhysicsMomentum(lr, muMin, muMax);
        if (warn && !p.clampNotes.isEmpty()) {
            LOG.warn("physics momentum: {}", p.clampNotes);
        }
        return p;
    }

    @Override
    public double mu(long step) {
        return mu(lr.alpha(step), muMin, muMax);
    }

    /**
     * The physics momentum at learning rate {@code alpha}: 1 - 2*sqrt(alpha) clamped to [muMin, muMax]. The one
     * place the clamp is written; what a scaling plan reports at its peak rate is computed here too.
     */
    public static double mu(double alpha, double muMin, double muMax) {
        return Math.max(muMin, Math.min(muMax, CriticalDamping.mu(alpha)));
    }

    /** The learning-rate schedule this momentum follows. */
    public LearningRateSchedule learningRate() {
        return lr;
    }

    /** Empty when no step of the run is clamped; otherwise which steps are clamped, to what and why. */
    public String clampNotes() {
        return clampNotes;
    }

    /**
     * The clamp notes for steps {@code from} (inclusive) to {@code to} (exclusive) only: the hybrid schedule uses
     * physics momentum for a prefix of the run.
     */
    String clampNotes(long from, long to) {
        Ranges low = new Ranges();
        Ranges high = new Ranges();
        double maxAlpha = 0;
        double minAlpha = Double.MAX_VALUE;
        for (long t = from; t < to; t++) {
            double a = lr.alpha(t);
            double raw = CriticalDamping.mu(a);
            // raw < muMin  <=>  alpha > ((1 - muMin)/2)^2;  raw > muMax  <=>  alpha < ((1 - muMax)/2)^2
            boolean isLow = raw < muMin;
            boolean isHigh = raw > muMax;
            low.step(t, isLow);
            high.step(t, isHigh);
            if (isLow) {
                maxAlpha = Math.max(maxAlpha, a);
            } else if (isHigh) {
                minAlpha = Math.min(minAlpha, a);
            }
        }
        StringBuilder s = new StringBuilder();
        if (!low.isEmpty()) {
            s.append(String.format(Locale.ROOT, "%s alpha up to %.4g > %.4g, where 1 - 2*sqrt(alpha) < muMin = %s "
                            + "(above alpha = 1/4 no non-negative momentum damps critically): mu clamped to %s there",
                    low, maxAlpha, CriticalDamping.alphaAtMu(muMin), muMin, muMin));
        }
        if (!high.isEmpty()) {
            s.append(s.length() > 0 ? "; " : "");
            s.append(String.format(Locale.ROOT, "%s alpha down to %.4g < %.4g, where 1 - 2*sqrt(alpha) > muMax = "
                            + "%s (mu -> 1 as alpha -> 0 removes all friction): mu clamped to %s there",
                    high, minAlpha, CriticalDamping.alphaAtMu(muMax), muMax, muMax));
        }
        return s.toString();
    }

    /** Maximal runs of consecutive steps, written as a subject: "steps 0..9, 50..59 (20 steps) have". */
    private static final class Ranges {
        private final List<long[]> ranges = new ArrayList<>();
        private long count;

        void step(long t, boolean inside) {
            if (!inside) {
                return;
            }
            count++;
            long[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (last != null && last[1] == t - 1) {
                last[1] = t;
            } else {
                ranges.add(new long[] {t, t});
            }
        }

        boolean isEmpty() {
            return ranges.isEmpty();
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(count == 1 ? "step " : "steps ");
            for (int i = 0; i < Math.min(MAX_RANGES, ranges.size()); i++) {
                long[] r = ranges.get(i);
                s.append(i > 0 ? ", " : "").append(r[0] == r[1] ? String.valueOf(r[0]) : r[0] + ".." + r[1]);
            }
            if (ranges.size() > MAX_RANGES) {
                s.append(" and ").append(ranges.size() - MAX_RANGES).append(" more ranges");
            }
            return s.append(" (").append(count).append(count == 1 ? " step) has" : " steps) have").toString();
        }
    }
}
