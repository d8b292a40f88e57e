package critdamp.schedule;

/**
 * One-cycle's momentum (Smith 2018): moves opposite to the learning rate, linear in alpha, from muHigh where alpha is
 * at its lowest to muLow where it peaks: mu = muHigh - (muHigh - muLow) * (alpha - alphaMin) / (alphaMax - alphaMin).
 */
public record OneCycleInverseMomentum(LearningRateSchedule lr, double muLow, double muHigh, double alphaMin,
                                      double alphaMax) implements MomentumSchedule {

    /** Scans {@code lr} over the run for its range. */
    public static OneCycleInverseMomentum of(LearningRateSchedule lr, double muLow, double muHigh) {
        double lo = Double.MAX_VALUE, hi = 0;
        for (long t = 0; t < lr.totalSteps(); t++) {
            double a = lr.alpha(t);
            lo = Math.min(lo, a);
            hi = Math.max(hi, a);
        }
        return new OneCycleInverseMomentum(lr, muLow, muHigh, lo, hi);
    }

    @Override
    public double mu(long step) {
        if (alphaMax <= alphaMin) {
            return muHigh;
        }
        double x = (lr.alpha(step) - alphaMin) / (alphaMax - alphaMin);
        return muHigh - (muHigh - muLow) * Math.max(0, Math.min(1, x));
    }
}
