package critdamp.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;

/**
 * One network, built by an {@link Engine}, as the driver and the executors use it whatever the engine: values in and
 * out in the canonical {@link ParameterLayout}, training steps with the round's alpha and mu, inference, gradient sums
 * for attribution, frozen groups for targeted retraining, checkpoints. Every engine runs the same contract tests.
 *
 * <p>Holds native memory where the engine has it: {@link #close} it. Not thread-safe: one model per thread (per Spark
 * task).
 */
public interface TrainableModel extends AutoCloseable {
    /** The engine that built it (and that its checkpoints load into). */
    EngineKind engine();

    NetworkSpec network();

    /** The canonical order of {@link #parameters()} and of gradient sums; equal for both engines of one network. */
    ParameterLayout layout();

    /** A copy of every value, batch-norm running statistics included, in the canonical order ({@link #layout()}). */
    float[] parameters();

    /**
     * Replaces every value (e.g. with the driver's average); the optimizer state is kept.
     *
     * @throws IllegalArgumentException unless {@code values.length == layout().size()}
     */
    void setParameters(float[] values);

    /**
     * A copy of the optimizer's state: for heavy ball and Nesterov the velocity, one value per trainable parameter
     * (trainable coordinates); for Adam its moment estimates. The layout is the engine's; what the contract promises
     * is that it has the same length on every worker of a run and that the element-wise mean of several states is a
     * state (what averaging the updater state does). Zero when the model is built, and after {@link #freeze}.
     */
    float[] optimizerState();

    /** @throws IllegalArgumentException unless {@code state.length == optimizerState().length} */
    void setOptimizerState(float[] state);

    /**
     * Trains one step per batch, in order, with alpha and mu held for all of them (the round's values, pinned by the
     * driver). A step: forward in training mode (batch norm on the batch's statistics, running statistics updated as
     * {@code running = 0.9 * running + 0.1 * batch} with the biased batch variance, DL4J's rule), backward of the mean
     * loss, L2 weight decay {@code g += lambda * w} on the weights of trained groups, then the optimizer's update.
     * Frozen groups ({@link #freeze}) are not changed at all.
     *
     * @param alpha the learning rate, > 0
     * @param mu    the momentum; NaN where the optimizer takes none (Adam)
     * @return each step's mean loss on its batch (data term, before the update, as {@link Outputs#loss})
     */
    double[] train(List<Batch> batches, double alpha, double mu);

    /** Logits and mean loss on {@code batch} in inference mode (batch norm on its running statistics); no change. */
    Outputs evaluate(Batch batch);

    /**
     * Adds to {@code sums} the sum, over the selected examples, of each example's loss gradient, in trainable
     * coordinates. The forward pass runs in training mode over the whole batch (batch-norm statistics of all its
     * examples, as the optimizer sees them), so the result is the gradient of the selected examples' summed loss; the
     * running statistics are not changed. Nothing is added when no example is selected.
     *
     * @param selected one flag per example of {@code batch}
     * @param sums     {@code layout().trainableSize()} values
     */
    void addGradientSum(Batch batch, boolean[] selected, double[] sums);

    /**
     * Freezes {@code groups} (replacing any earlier choice; empty: all train): their values stay bit-identical, their
     * batch norms run in inference mode (running statistics used, never updated), they take no weight decay. The
     * optimizer state starts again from zero, as a retraining copy of a DL4J graph does.
     *
     * @throws IllegalArgumentException for a name that is not a group of {@link #layout()}, or when every group would
     *                                  be frozen
     */
    void freeze(Set<String> groups);

    /** The groups frozen now. */
    Set<String> frozenGroups();

    /**
     * Writes a checkpoint: network, optimizer, values, optimizer state and frozen groups, in a form that only this
     * model's engine loads ({@link Engine#load}; {@link CheckpointFormat}).
     */
    void save(OutputStream out) throws IOException;

    /** Frees native memory; the model is unusable afterwards. */
    @Override
    void close();
}
