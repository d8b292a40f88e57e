package critdamp.config;

import critdamp.model.ModelKind;

/**
 * The network to train.
 *
 * @param kind small_cnn, resnet20 or resnet18
 */
public record ModelSpec(ModelKind kind) {
    public ModelSpec {
        kind = kind == null ? ModelKind.SMALL_CNN : kind;
    }
}
