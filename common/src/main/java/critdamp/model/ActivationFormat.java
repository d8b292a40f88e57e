package critdamp.model;

import critdamp.base.ConfigChoice;
import org.deeplearning4j.nn.conf.CNN2DFormat;

/**
 * How a network lays out its convolutional activations ({@code model.format}): channels first, DL4J's default, or
 * channels last, the layout oneDNN's CPU kernels (and PyTorch's {@code channels_last}) favour. The network's input is
 * NCHW either way: a channels-last network permutes it once, in its first layer ({@link NchwToNhwc}), so data, attribution
 * and retraining are the same for both. The parameters are laid out alike, so one network's parameters load into the
 * other.
 */
public enum ActivationFormat implements ConfigChoice {
    /** [batch, channels, height, width]. */
    NCHW,
    /** [batch, height, width, channels]. */
    NHWC;

    /** DL4J's name for this layout. */
    public CNN2DFormat dl4j() {
        return this == NCHW ? CNN2DFormat.NCHW : CNN2DFormat.NHWC;
    }
}
