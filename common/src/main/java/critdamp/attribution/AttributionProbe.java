package critdamp.attribution;

import java.util.List;

/**
 * What {@link LayerGradientSums} asks of a network, whatever engine computes it: its attributed layers, their
 * parameter norms, which examples of a minibatch it misclassifies, and the summed loss gradient of the selected ones.
 * {@link GradientProbe} answers on a DL4J graph ({@code DataSet} minibatches), {@link EngineGradientProbe} on any
 * engine's {@code TrainableModel} ({@code Batch} minibatches). Both give the same quantities for the same values (up
 * to float rounding), so {@link LayerAttribution} means the same for both engines.
 *
 * @param <B> the minibatch type the probe reads
 */
public interface AttributionProbe<B> {
    /** The parameterized layers in network (topological) order, gradient-trained parameters only. */
    List<TrainableLayer> layers();

    /** L2 norm of each layer's trainable parameters ||theta_l||, in {@link #layers()} order. */
    double[] parameterNorms();

    /** For each example of {@code batch}: true when the inference-mode prediction misses its label. */
    boolean[] misclassified(B batch);

    /**
     * Adds to {@code sums[l]} the sum over the selected examples of the per-example loss gradient w.r.t. layer l's
     * trainable parameters (forward in training mode over the whole minibatch, running statistics untouched).
     * Nothing is added when no example is selected.
     *
     * @param selected one flag per example of {@code batch}
     * @param sums     one array per layer of {@link #layers()}, of length {@link TrainableLayer#paramCount()}
     */
    void accumulateGradientSum(B batch, boolean[] selected, double[][] sums);
}
