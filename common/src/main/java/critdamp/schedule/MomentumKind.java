package critdamp.schedule;

import critdamp.base.ConfigChoice;

/** The momentum schedules a config can name ({@code momentum.kind}). */
public enum MomentumKind implements ConfigChoice {
    /** mu(t) = value: the classical constant momentum (0.9). */
    CONSTANT,
    /** mu(t) = 1 - 2*sqrt(alpha(t)): critical damping (arXiv 2603.28921), clamped to [muMin, muMax]. */
    PHYSICS,
    /** Physics momentum early, the constant {@code value} for the final refinement. */
    HYBRID,
    /** One-cycle's inverse momentum: muMax where alpha is lowest, muMin where alpha peaks, linear in alpha. */
    ONE_CYCLE_INVERSE,
    /** Decaying momentum (Demon, Chen et al. 2019) from {@code value} to 0 over the run. */
    DEMON;
}
