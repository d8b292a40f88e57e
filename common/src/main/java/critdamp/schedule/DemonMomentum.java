package critdamp.schedule;

/**
 * Decaying momentum (Demon, Chen et al. 2019): with z = 1 - t/T,
 * mu(t) = beta0 * z / ((1 - beta0) + beta0 * z), from beta0 at t = 0 to 0 at t = T. It decays the total contribution of
 * a gradient, beta/(1-beta), linearly.
 */
public record DemonMomentum(double beta0, long totalSteps) implements MomentumSchedule {
    @Override
    public double mu(long step) {
        double z = 1 - Math.min(1.0, (double) Math.max(0, step) / totalSteps);
        return beta0 * z / ((1 - beta0) + beta0 * z);
    }
}
