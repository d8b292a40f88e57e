package critdamp.optim;

import critdamp.base.ConfigChoice;

/** The optimizer a run trains with. Momentum schedules drive the momentum of the first two. */
public enum OptimizerKind implements ConfigChoice {
    /** Classical (heavy-ball) SGD momentum: v = mu*v - alpha*g; theta += v. The form the critical-damping formula is derived for. */
    HEAVY_BALL,
    /** DL4J's Nesterov momentum (Nesterovs updater) with the same alpha/mu schedules. */
    NESTEROV,
    /** Adam with the learning-rate schedule (beta1 = 0.9); the momentum schedule is not used. */
    ADAM;

    /**
     * Whether the optimizer takes a momentum mu(t) from the schedule. The one place for this rule: Adam's beta1 is not
     * a heavy-ball momentum (and DL4J has no schedule for it), so for Adam mu is not applied and is recorded as NaN.
     */
    public boolean takesMomentum() {
        return this != ADAM;
    }
}
