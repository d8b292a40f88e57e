package critdamp.report;

/**
 * The smoothing drawn beside the raw per-round loss: an exponential moving average with weight a = 2 / (span + 1),
 * bias-corrected (each point is the weighted mean of the points so far with weights (1 - a)^age, so the first points
 * are not pulled towards 0), the same as pandas' {@code ewm(span=span, adjust=True).mean()}. Non-finite values are
 * skipped: they stay non-finite in the output and do not enter later points.
 */
public final class Smoothing {
    private Smoothing() {
    }

    /** The span used for a series of {@code n} rounds: about n/20, between 3 and 50 rounds. */
    public static int spanFor(int n) {
        return Math.max(3, Math.min(50, Math.round(n / 20f)));
    }

    /** The bias-corrected EMA of {@code y} with the given span (at least 1; span 1 returns y). */
    public static double[] ema(double[] y, int span) {
        if (span < 1) {
            throw new IllegalArgumentException("EMA span must be at least 1, got " + span);
        }
        double keep = 1 - 2.0 / (span + 1);
        double[] out = new double[y.length];
        double weighted = 0;
        double weights = 0;
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i])) {
                out[i] = Double.NaN;
                continue;
            }
            weighted = keep * weighted + y[i];
            weights = keep * weights + 1;
            out[i] = weighted / weights;
        }
        return out;
    }

    /** How the page describes the smoothing of {@code n} rounds. */
    public static String describe(int n) {
        return "EMA, span " + spanFor(n) + " rounds (weight 2/(span+1), bias-corrected)";
    }
}
