package critdamp.schedule;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import critdamp.base.EnumChoice;

/** The learning-rate schedules a config can name ({@code learningRate.kind}). */
public enum LearningRateKind {
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

    @JsonCreator
    public static LearningRateKind parse(String text) {
        return EnumChoice.parse(LearningRateKind.class, text, "learningRate.kind");
    }

    @JsonValue
    public String configName() {
        return EnumChoice.nameOf(this);
    }
}
