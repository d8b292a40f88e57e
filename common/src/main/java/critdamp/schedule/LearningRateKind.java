package critdamp.schedule;

import critdamp.base.ConfigChoice;

/** The learning-rate schedules a config can name ({@code learningRate.kind}). */
public enum LearningRateKind implements ConfigChoice {
    /** alpha(t) = baseLr. */
    CONSTANT,
    /** baseLr times gamma at each milestone (fractions of training). */
    STEP,
    /** Cosine annealing from baseLr to minLr over the run. */
    COSINE,
    /** Linear warm-up from baseLr/warmupDivisor to baseLr over warmupFraction, then cosine to minLr. */
    WARMUP_COSINE,
    /** One-cycle (Smith): up from baseLr/warmupDivisor to the peak baseLr over warmupFraction, cosine down to minLr. */
    ONE_CYCLE;
}
