package critdamp.schedule;

import java.io.Serializable;

/**
 * alpha(t): the learning rate at global optimizer step t (0-based), for a run of a known number of steps. Evaluated by
 * the Spark driver once per averaging round; implementations are small immutable value objects.
 */
public interface LearningRateSchedule extends Serializable {
    /** The learning rate at global step {@code step}; steps past the end return the final value. */
    double alpha(long step);

    /** The number of steps the schedule was built for. */
    long totalSteps();
}
