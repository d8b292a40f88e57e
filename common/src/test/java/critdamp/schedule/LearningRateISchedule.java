package critdamp.schedule;

import critdamp.optim.HeavyBallSgd;
import java.util.Objects;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Test fixture: our learning-rate schedule as a DL4J {@link ISchedule}, {@code valueAt(iteration, epoch)} =
 * alpha(iteration), so a model trained in one JVM follows {@link LearningRateSpec#build the schedule} step by step
 * (DL4J's iteration counter is the global step). The epoch is ignored. Training never uses it: the Spark driver pins
 * each round's alpha ({@code UpdaterSettings.pin}); tests use it to show that {@link HeavyBallSgd} applies any schedule
 * of the iteration and that such a schedule survives DL4J's copies.
 *
 * <p>Holds the spec as JSON text plus the run length and rebuilds the schedule lazily, so the adapter round-trips
 * through DL4J's JSON (shaded Jackson), Java serialization and Kryo without our schedule classes having to.
 */
public final class LearningRateISchedule implements ISchedule {
    private static final long serialVersionUID = 1L;

    @JsonProperty("spec")
    private final String spec;
    @JsonProperty("totalSteps")
    private final long totalSteps;
    @JsonIgnore
    private transient volatile LearningRateSchedule schedule;

    /** From the spec's JSON text (as written by {@link #of}) and the run length in steps. */
    @JsonCreator
    public LearningRateISchedule(@JsonProperty("spec") String spec, @JsonProperty("totalSteps") long totalSteps) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.totalSteps = totalSteps;
    }

    /** The adapter for {@code spec} over a run of {@code totalSteps} steps; validates eagerly. */
    public static LearningRateISchedule of(LearningRateSpec spec, long totalSteps) {
        LearningRateISchedule s = new LearningRateISchedule(SpecJson.write(spec), totalSteps);
        s.schedule();
        return s;
    }

    /** The schedule, built on first use in this JVM/copy. */
    public LearningRateSchedule schedule() {
        LearningRateSchedule s = schedule;
        if (s == null) {
            s = SpecJson.read(spec, LearningRateSpec.class).build(totalSteps);
            schedule = s;
        }
        return s;
    }

    public LearningRateSpec spec() {
        return SpecJson.read(spec, LearningRateSpec.class);
    }

    public long totalSteps() {
        return totalSteps;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return schedule().alpha(iteration);
    }

    @Override
    public LearningRateISchedule clone() {
        LearningRateISchedule c = new LearningRateISchedule(spec, totalSteps);
        c.schedule = schedule; // immutable: share
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LearningRateISchedule s && totalSteps == s.totalSteps && spec.equals(s.spec);
    }

    @Override
    public int hashCode() {
        return Objects.hash(spec, totalSteps);
    }

    @Override
    public String toString() {
        return "LearningRateISchedule(" + spec + ", totalSteps=" + totalSteps + ")";
    }
}
