package critdamp.optim;

import critdamp.base.Check;

/**
 * The optimizer and its regularisation.
 *
 * @param kind        heavy_ball, nesterov or adam
 * @param weightDecay L2 weight decay coefficient lambda, added to the gradient before the updater
 *                    (g <- g + lambda*w, {@link WeightDecay}; not decoupled); 0 for none
 */
public record OptimizerSpec(OptimizerKind kind, Double weightDecay) {
    public OptimizerSpec {
        kind = kind == null ? OptimizerKind.HEAVY_BALL : kind;
        weightDecay = Check.nonNegative("optimizer.weightDecay", weightDecay == null ? 5e-4 : weightDecay);
    }

    public static OptimizerSpec defaults() {
        return new OptimizerSpec(null, null);
    }
}
