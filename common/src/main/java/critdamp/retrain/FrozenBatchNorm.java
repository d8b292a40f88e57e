package critdamp.retrain;


import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Configuration of a frozen batch-normalization layer that backpropagates the exact gradient of what it computes.
 *
 * <p>Why not plain {@link FrozenLayerWithBackprop}? DL4J runs a frozen layer in inference mode, so a frozen batch norm
 * computes {@code y = gamma * (x - runningMean) / sqrt(runningVar + eps) + beta}, a fixed per-channel affine map whose
 * input gradient is {@code dy * gamma / sqrt(runningVar + eps)}. DL4J's batch-norm backward pass, however, assumes
 * minibatch statistics (it adds the terms through the batch mean and variance) and, after an inference-mode forward
 * pass in DL4J 1.0.0-M2.1, fails with a workspace error. This wrapper keeps the parameter layout, the zero parameter
 * gradients and the no-op updater of {@link FrozenLayerWithBackprop}, and replaces only the backward pass
 * ({@link FrozenBatchNormLayer}). {@code LayerFreezingTest} checks the gradient against finite differences.
 */
public class FrozenBatchNorm extends FrozenWithOwnBackward {
    private static final long serialVersionUID = 1L;

    /** Wraps a batch-normalization configuration (the argument type is {@link Layer} for DL4J's JSON reader). */
    public FrozenBatchNorm(@JsonProperty("layer") Layer layer) {
        super(layer);
        if (layer != null && !(layer instanceof BatchNormalization)) {
            throw new IllegalArgumentException("FrozenBatchNorm wraps a BatchNormalization layer, not "
                    + layer.getClass().getSimpleName());
        }
    }

    @Override
    protected org.deeplearning4j.nn.api.Layer runtime(org.deeplearning4j.nn.api.Layer inside) {
        return new FrozenBatchNormLayer(inside);
    }
}
