package critdamp.spark.train;

import critdamp.config.TrainConfig;
import critdamp.schedule.LearningRateSchedule;
import critdamp.schedule.MomentumSchedule;

/**
 * alpha(t) and mu(t) as the driver pins them each round: the run's learning-rate schedule, and its momentum schedule
 * where the optimizer takes a momentum ({@link critdamp.config.OptimizerKind#takesMomentum}).
 */
record RoundHyperparameters(LearningRateSchedule learningRate, MomentumSchedule momentum, boolean takesMomentum) {

    /** The schedules over a run of {@code totalSteps} steps (logs any clamping of physics mu, once per run). */
    static RoundHyperparameters of(TrainConfig config, long totalSteps) {
        LearningRateSchedule lr = config.learningRate().build(totalSteps);
        return new RoundHyperparameters(lr, config.momentum().build(lr), config.optimizer().kind().takesMomentum());
    }

    double alpha(long step) {
        return learningRate.alpha(step);
    }

    /** mu at {@code step}; NaN, "not applied", where the optimizer takes none (Adam: beta1 stays 0.9). */
    double mu(long step) {
        return takesMomentum ? momentum.mu(step) : Double.NaN;
    }
}
