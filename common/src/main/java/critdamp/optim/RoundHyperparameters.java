package critdamp.optim;

import critdamp.schedule.LearningRateSchedule;
import critdamp.schedule.LearningRateSpec;
import critdamp.schedule.MomentumSchedule;
import critdamp.schedule.MomentumSpec;

/**
 * alpha(t) and mu(t) as the driver pins them each round: the run's learning-rate schedule, and its momentum schedule
 * where the optimizer takes a momentum ({@link OptimizerKind#takesMomentum}).
 */
public record RoundHyperparameters(LearningRateSchedule learningRate, MomentumSchedule momentum,
                                   boolean takesMomentum) {

    /** The schedules over a run of {@code totalSteps} steps (logs any clamping of physics mu, once per run). */
    public static RoundHyperparameters of(LearningRateSpec learningRate, MomentumSpec momentum, OptimizerKind optimizer,
                                          long totalSteps) {
        LearningRateSchedule lr = learningRate.build(totalSteps);
        return new RoundHyperparameters(lr, momentum.build(lr), optimizer.takesMomentum());
    }

    public double alpha(long step) {
        return learningRate.alpha(step);
    }

    /** mu at {@code step}; NaN, "not applied", where the optimizer takes none (Adam: beta1 stays 0.9). */
    public double mu(long step) {
        return takesMomentum ? momentum.mu(step) : Double.NaN;
    }
}
