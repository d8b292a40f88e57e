package critdamp.optim;

import java.util.Map;
import java.util.Objects;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Classical heavy-ball momentum (Polyak 1964) as a DL4J updater configuration:
 * <pre>
 *   v     <- mu(t) * v - alpha(t) * g
 *   theta <- theta + v
 * </pre>
 * This is the form the critical-damping rule mu = 1 - 2*sqrt(alpha) is derived for ({@link CriticalDamping}): on a
 * quadratic of curvature h it is the discretised damped oscillator. DL4J ships only Nesterov momentum
 * ({@code Nesterovs}), whose look-ahead changes the iteration matrix, hence this class.
 *
 * <p>alpha and mu are {@link ISchedule}s of the DL4J iteration. In training they are the round's values, which the
 * Spark driver {@link #pin pins} as {@link FixedSchedule}s before every round; any other schedule of the iteration
 * works too. The state is v, one value per parameter ({@link HeavyBallUpdater}).
 *
 * <p>Round-trips through DL4J's JSON (ND4J's shaded Jackson) and Java serialization (how Spark ships it).
 */
public final class HeavyBallSgd implements IUpdater {
    private static final long serialVersionUID = 1L;

    @JsonProperty("learningRateSchedule")
    private ISchedule learningRateSchedule;
    @JsonProperty("momentumSchedule")
    private ISchedule momentumSchedule;

    /** Heavy ball with schedules of the DL4J iteration for alpha and mu. */
    @JsonCreator
    public HeavyBallSgd(@JsonProperty("learningRateSchedule") ISchedule learningRateSchedule,
                        @JsonProperty("momentumSchedule") ISchedule momentumSchedule) {
        this.learningRateSchedule = Objects.requireNonNull(learningRateSchedule, "learningRateSchedule");
        this.momentumSchedule = Objects.requireNonNull(momentumSchedule, "momentumSchedule");
    }

    /** Heavy ball with a constant learning rate and momentum. */
    public HeavyBallSgd(double alpha, double mu) {
        this(new FixedSchedule(alpha), new FixedSchedule(mu));
    }

    /** Replaces both schedules by constants: the Spark driver's per-round values. */
    public void pin(double alpha, double mu) {
        this.learningRateSchedule = new FixedSchedule(alpha);
        this.momentumSchedule = new FixedSchedule(mu);
    }

    public ISchedule learningRateSchedule() {
        return learningRateSchedule;
    }

    public ISchedule momentumSchedule() {
        return momentumSchedule;
    }

    /** mu at this DL4J iteration and epoch. */
    public double currentMomentum(int iteration, int epoch) {
        return momentumSchedule.valueAt(iteration, epoch);
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule.valueAt(iteration, epoch);
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    /** DL4J's way to change the rate ({@code setLearningRate}); a null schedule means the constant {@code lr}. */
    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        this.learningRateSchedule = lrSchedule != null ? lrSchedule : new FixedSchedule(lr);
    }

    /** One state value (v) per parameter. */
    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        HeavyBallUpdater u = new HeavyBallUpdater(this);
        INDArray flat = viewArray.reshape(viewArray.length());
        u.setStateViewArray(flat, flat.shape(), flat.ordering(), initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        HeavyBallUpdater u = new HeavyBallUpdater(this);
        u.setState(updaterState, initializeStateArrays);
        return u;
    }

    @Override
    public HeavyBallSgd clone() {
        return new HeavyBallSgd(learningRateSchedule.clone(), momentumSchedule.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeavyBallSgd h && learningRateSchedule.equals(h.learningRateSchedule)
                && momentumSchedule.equals(h.momentumSchedule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRateSchedule, momentumSchedule);
    }

    @Override
    public String toString() {
        return "HeavyBallSgd(lr=" + learningRateSchedule + ", momentum=" + momentumSchedule + ")";
    }
}
