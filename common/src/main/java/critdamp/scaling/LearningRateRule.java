package critdamp.scaling;

import critdamp.base.ConfigChoice;

/**
 * How a scaling study sets each size's peak learning rate from the reference run's alpha0 at global batch B0: by the
 * ratio of global batches r = B / B0 (weak scaling: r = K / K0; strong scaling: r = 1, every rule keeps alpha0).
 *
 * <p>Why the global batch: parameter averaging of K workers that each take one step from the same parameters, with
 * the same alpha and averaged momentum, is one heavy-ball step on the mean gradient of all K minibatches (exactly,
 * but for batch norm, whose statistics stay per worker), i.e. SGD with the global batch at the same alpha (averaging
 * every {@code f} steps departs from this by the workers' drift). A larger batch lowers the gradient's noise, and
 * the usual answers are the linear rule (Goyal et al. 2017: alpha = r * alpha0, the same expected progress per epoch)
 * and the square-root rule (Krizhevsky 2014, Hoffer et al. 2017: alpha = sqrt(r) * alpha0, the same variance of each
 * step's update, alpha^2 / B).
 *
 * <p>What it does to physics momentum, since mu = 1 - 2 sqrt(alpha) follows alpha: a larger alpha lowers mu, and the
 * effective step alpha / (1 - mu) = sqrt(alpha) / 2 grows only as the square root of alpha. So under physics momentum
 * the linear rule on alpha is a square-root rule on the effective step, and the square-root rule a fourth-root one.
 * mu reaches the lower clamp muMin once alpha > ((1 - muMin) / 2)^2 (1/4 for muMin = 0: plain SGD beyond it, no
 * non-negative momentum damps such a step critically); the optional cap keeps alpha below such a bound.
 */
public enum LearningRateRule implements ConfigChoice {
    /** alpha = r * alpha0. */
    LINEAR,
    /** alpha = sqrt(r) * alpha0. */
    SQRT,
    /** alpha = alpha0 whatever the batch. */
    NONE;

    /** The peak learning rate for a global batch {@code ratio} times the reference one. */
    public double apply(double alpha0, double ratio) {
        return switch (this) {
            case LINEAR -> alpha0 * ratio;
            case SQRT -> alpha0 * Math.sqrt(ratio);
            case NONE -> alpha0;
        };
    }

    /** The rule as a formula, for tables and logs. */
    public String formula() {
        return switch (this) {
            case LINEAR -> "alpha = alpha0 * B / B0";
            case SQRT -> "alpha = alpha0 * sqrt(B / B0)";
            case NONE -> "alpha = alpha0";
        };
    }
}
