package critdamp.optim;

import critdamp.base.ConfigException;

/**
 * L2 weight decay on the convolution and dense weights, in PyTorch's {@code SGD(weight_decay=...)} sense: the term
 * {@code coefficient * w} is added to the gradient before the updater (DL4J {@code L2Regularization}), so momentum
 * acts on it too. Biases and batch-norm parameters are not decayed (DL4J's batch-norm layer takes no regularization).
 *
 * @param coefficient lambda in {@code g <- g + lambda * w}; 0 = none; at most 0.1
 */
public record WeightDecay(double coefficient) {
    /** No weight decay. */
    public static final WeightDecay NONE = new WeightDecay(0.0);

    public WeightDecay {
        if (!(coefficient >= 0.0 && coefficient <= 0.1)) {
            throw new ConfigException("model.weight_decay = " + coefficient + ": must be in [0, 0.1]");
        }
    }

    /** True when some decay is applied. */
    public boolean enabled() {
        return coefficient > 0.0;
    }
}
