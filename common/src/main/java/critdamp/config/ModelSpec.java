package critdamp.config;

import critdamp.model.ActivationFormat;
import critdamp.model.ModelKind;

/**
 * The network to train.
 *
 * @param kind   small_cnn, resnet20 or resnet18
 * @param format the layout of its activations: nchw (default) or nhwc (channels last; the input stays NCHW)
 */
public record ModelSpec(ModelKind kind, ActivationFormat format) {
    public ModelSpec {
        kind = kind == null ? ModelKind.SMALL_CNN : kind;
        format = format == null ? ActivationFormat.NCHW : format;
    }

    /** {@code kind} with its activations in the default layout. */
    public ModelSpec(ModelKind kind) {
        this(kind, null);
    }
}
