package critdamp.schedule;

import critdamp.optim.HeavyBallSgd;
import java.util.Objects;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Test fixture: our momentum schedule as a DL4J {@link ISchedule}, {@code valueAt(iteration, epoch)} = mu(iteration),
 * for {@link HeavyBallSgd} or DL4J's {@code Nesterovs(lrSchedule, momentumSchedule)}. The epoch is ignored. Training
 * never uses it: the Spark driver pins each round's mu ({@code UpdaterSettings.pin}).
 *
 * <p>Physics, hybrid and one-cycle-inverse momentum are functions of alpha(t), so the adapter holds both specs (as
 * JSON text) and the run length, and rebuilds the schedule lazily and quietly (the driver has logged any clamping).
 * Round-trips through DL4J's JSON (shaded Jackson), Java serialization and Kryo.
 */
public final class MomentumISchedule implements ISchedule {
    private static final long serialVersionUID = 1L;

    @JsonProperty("learningRateSpec")
    private final String learningRateSpec;
    @JsonProperty("momentumSpec")
    private final String momentumSpec;
    @JsonProperty("totalSteps")
    private final long totalSteps;
    @JsonIgnore
    private transient volatile MomentumSchedule schedule;

    /** From the specs' JSON text (as written by {@link #of}) and the run length in steps. */
    @JsonCreator
    public MomentumISchedule(@JsonProperty("learningRateSpec") String learningRateSpec,
                             @JsonProperty("momentumSpec") String momentumSpec,
                             @JsonProperty("totalSteps") long totalSteps) {
        this.learningRateSpec = Objects.requireNonNull(learningRateSpec, "learningRateSpec");
        this.momentumSpec = Objects.requireNonNull(momentumSpec, "momentumSpec");
        this.totalSteps = totalSteps;
    }

    /** The adapter for momentum {@code mom} over learning rate {@code lr} and a run of {@code totalSteps} steps. */
    public static MomentumISchedule of(LearningRateSpec lr, MomentumSpec mom, long totalSteps) {
        MomentumISchedule s = new MomentumISchedule(SpecJson.write(lr), SpecJson.write(mom), totalSteps);
        s.schedule();
        return s;
    }

    /** The schedule, built on first use in this JVM/copy. */
    public MomentumSchedule schedule() {
        MomentumSchedule s = schedule;
        if (s == null) {
            LearningRateSchedule lr = SpecJson.read(learningRateSpec, LearningRateSpec.class).build(totalSteps);
            s = SpecJson.read(momentumSpec, MomentumSpec.class).build(lr, false);
            schedule = s;
        }
        return s;
    }

    public MomentumSpec spec() {
        return SpecJson.read(momentumSpec, MomentumSpec.class);
    }

    public long totalSteps() {
        return totalSteps;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return schedule().mu(iteration);
    }

    @Override
    public MomentumISchedule clone() {
        MomentumISchedule c = new MomentumISchedule(learningRateSpec, momentumSpec, totalSteps);
        c.schedule = schedule; // immutable: share
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MomentumISchedule s && totalSteps == s.totalSteps
                && learningRateSpec.equals(s.learningRateSpec) && momentumSpec.equals(s.momentumSpec);
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRateSpec, momentumSpec, totalSteps);
    }

    @Override
    public String toString() {
        return "MomentumISchedule(momentum=" + momentumSpec + ", learningRate=" + learningRateSpec + ", totalSteps="
                + totalSteps + ")";
    }
}
