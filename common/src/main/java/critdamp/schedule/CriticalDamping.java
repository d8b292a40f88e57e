package critdamp.schedule;

/**
 * The formula the paper takes from the critically damped harmonic oscillator. Heavy-ball SGD on a quadratic of
 * curvature h is the discretised oscillator x'' + gamma x' + h x = 0; its iteration matrix has a double eigenvalue
 * (critical damping: the fastest decay without oscillation) exactly when mu = (1 - sqrt(alpha*h))^2, which for h = 1
 * and to first order in sqrt(alpha) is the paper's mu = 1 - 2*sqrt(alpha). The paper's value lies alpha below the
 * exact one: slightly overdamped (two real roots in (0, 1)), so heavy ball does not overshoot the minimum of the
 * quadratic, while the exact critical value settles somewhat faster.
 *
 * <p>Range: the formula is negative for alpha > 1/4 (the step alone already overshoots; no non-negative momentum can
 * damp it critically) and tends to 1 as alpha -> 0 (no friction: mu = 1 never decays, mu > 1 diverges). Schedules clamp
 * it to [muMin, muMax] and warn once.
 */
public final class CriticalDamping {
    private CriticalDamping() {
    }

    /** mu = 1 - 2*sqrt(alpha), unclamped. */
    public static double mu(double alpha) {
        return 1 - 2 * Math.sqrt(alpha);
    }

    /** The effective step alpha / (1 - mu): how far a constant gradient moves the weights per step at steady state. */
    public static double effectiveStep(double alpha, double mu) {
        return alpha / (1 - mu);
    }

    /** The largest alpha at which mu(alpha) >= muMin. */
    public static double alphaAtMu(double mu) {
        double s = (1 - mu) / 2;
        return s * s;
    }
}
