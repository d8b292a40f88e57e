package critdamp.train;

import critdamp.config.OptimizerSpec;
import critdamp.schedule.HeavyBallSgd;
import critdamp.schedule.LearningRateISchedule;
import critdamp.schedule.LearningRateSpec;
import critdamp.schedule.MomentumISchedule;
import critdamp.schedule.MomentumSpec;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * The DL4J updater for a run's optimizer, driven by our schedules through {@link LearningRateISchedule} and
 * {@link MomentumISchedule}, so a single-JVM model follows alpha(t) and mu(t) step by step. (The Spark driver then
 * {@link UpdaterSettings#pin pins} each round's values over these schedules.) Weight decay is not part of the updater:
 * it is a regularisation on the layers ({@code critdamp.model.WeightDecay}).
 */
public final class UpdaterFactory {
    private UpdaterFactory() {
    }

    /**
     * <ul>
     *   <li>heavy_ball: {@link HeavyBallSgd}, v = mu*v - alpha*g; theta += v;</li>
     *   <li>nesterov: DL4J's {@link Nesterovs} with both schedules;</li>
     *   <li>adam: DL4J's {@link Adam} with the learning-rate schedule and beta1 = 0.9 (beta2 = 0.999, eps = 1e-8).
     *   The momentum schedule is <em>not</em> used: DL4J's Adam has no schedule for beta1.</li>
     * </ul>
     */
    public static IUpdater create(OptimizerSpec opt, LearningRateSpec lr, MomentumSpec mom, long totalSteps) {
        LearningRateISchedule alpha = LearningRateISchedule.of(lr, totalSteps);
        return switch (opt.kind()) {
            case HEAVY_BALL -> new HeavyBallSgd(alpha, MomentumISchedule.of(lr, mom, totalSteps));
            case NESTEROV -> new Nesterovs(alpha, MomentumISchedule.of(lr, mom, totalSteps));
            case ADAM -> new Adam(alpha);
        };
    }
}
