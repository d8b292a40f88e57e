package critdamp.schedule;

import java.io.Serializable;

/**
 * mu(t): the momentum coefficient at global optimizer step t. Some schedules (physics, hybrid, one-cycle inverse) are
 * functions of the learning rate alpha(t); the others depend on t only.
 */
public interface MomentumSchedule extends Serializable {
    /** The momentum at global step {@code step}, already clamped to the schedule's documented range. */
    double mu(long step);
}
