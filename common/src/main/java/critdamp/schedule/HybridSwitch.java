package critdamp.schedule;

import critdamp.base.ConfigChoice;

/** When the hybrid schedule hands over from physics to constant momentum ({@code momentum.switchAt}). */
public enum HybridSwitch implements ConfigChoice {
    /**
     * The first step at which physics mu reaches the constant value (default). The hand-over is continuous in mu, and
     * it is the point where the two effective steps cross: alpha/(1-mu) is sqrt(alpha)/2 under physics momentum and
     * 10*alpha under mu = 0.9, equal at alpha = 1/400. Below that alpha, physics momentum (mu -> 1) keeps an effective
     * step that shrinks only like sqrt(alpha), so the constant momentum anneals faster: that is the refinement phase.
     */
    CROSSING,
    /** A fixed fraction of training ({@code momentum.switchFraction}). */
    FRACTION;
}
