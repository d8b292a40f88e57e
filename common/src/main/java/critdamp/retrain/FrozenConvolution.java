package critdamp.retrain;

import java.util.Arrays;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Configuration of a frozen convolution that passes the error signal back without computing its weight gradient.
 *
 * <p>Why not plain {@link FrozenLayerWithBackprop}? Its backward pass runs the convolution's own: DL4J 1.0.0-M2.1's
 * {@code ConvolutionLayer.backpropGradient} recomputes the forward pre-activation and then runs {@code conv2d_bp},
 * which computes the weight gradient together with the input gradient, and the wrapper throws the weight gradient
 * away (zeroes it). Three convolutions' worth of work for one that is needed. {@link FrozenConvolutionLayer} computes
 * only the input gradient, one transposed convolution. Only what that computes exactly is wrapped this way
 * ({@link #supports}); any other frozen layer keeps {@link FrozenLayerWithBackprop}.
 */
public class FrozenConvolution extends FrozenWithOwnBackward {
    private static final long serialVersionUID = 1L;

    /** Wraps a convolution configuration that {@link #supports} (the argument type is {@link Layer} for DL4J's JSON reader). */
    public FrozenConvolution(@JsonProperty("layer") Layer layer) {
        super(layer);
        if (layer != null && !supports(layer)) {
            throw new IllegalArgumentException("FrozenConvolution wraps a plain 2D convolution with identity activation,"
                    + " stride 1, no dilation and explicit padding; not " + layer);
        }
    }

    /**
     * Whether the input gradient of {@code layer} is a single transposed convolution of the output gradient: a plain
     * {@link ConvolutionLayer} (not a subclass: depthwise, separable or transposed convolutions differ) with identity
     * activation (critdamp's convolutions: batch norm and ReLU follow as layers of their own), stride 1, no dilation,
     * and padding given explicitly (truncate or strict mode). Stride 1 because ND4J M2.1's {@code deconv2d_tf} shape
     * check rejects an input size a strided convolution maps down from without using every row.
     */
    public static boolean supports(Layer layer) {
        if (layer == null || layer.getClass() != ConvolutionLayer.class) {
            return false;
        }
        ConvolutionLayer conv = (ConvolutionLayer) layer;
        ConvolutionMode mode = conv.getConvolutionMode();
        return conv.getActivationFn() instanceof ActivationIdentity
                && Arrays.equals(conv.getStride(), new int[]{1, 1})
                && Arrays.equals(conv.getDilation(), new int[]{1, 1})
                && (mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict);
    }

    @Override
    protected org.deeplearning4j.nn.api.Layer runtime(org.deeplearning4j.nn.api.Layer inside) {
        return new FrozenConvolutionLayer(inside);
    }
}
