package critdamp.schedule;

/**
 * Warm-up then cosine annealing: for t < W, alpha rises from peak/divisor to peak (linearly, or along a half cosine
 * for one-cycle); for t >= W, alpha(t) = min + (peak - min) * (1 + cos(pi * (t - W) / (T - W))) / 2, reaching min at
 * t = T. W = 0 gives plain cosine annealing.
 */
public record WarmupCosineRate(double peak, double min, long warmupSteps, double divisor, boolean cosineWarmup,
                               long totalSteps) implements LearningRateSchedule {
    @Override
    public double alpha(long step) {
        long t = Math.max(0, Math.min(step, totalSteps));
        if (t < warmupSteps) {
            double start = peak / divisor;
            double x = (double) t / warmupSteps;
            double shape = cosineWarmup ? (1 - Math.cos(Math.PI * x)) / 2 : x;
            return start + (peak - start) * shape;
        }
        long span = Math.max(1, totalSteps - warmupSteps);
        double x = (double) (t - warmupSteps) / span;
        return min + (peak - min) * (1 + Math.cos(Math.PI * x)) / 2;
    }
}
