package critdamp.torch;

import critdamp.engine.ParameterBlock;
import critdamp.engine.ParameterRole;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * The layers critdamp's networks are made of, computed with libtorch's functional operators on the tensors of a
 * {@link TorchParameters}, each the exact counterpart of the DL4J layer {@code critdamp.model.GraphWriter} writes.
 * A network declares its layers in the canonical order ({@link #blocks()}), then binds them to its parameters.
 */
final class TorchLayers {
    /** DL4J's batch-norm epsilon in critdamp's networks. */
    static final double BN_EPS = 1e-5;
    /** DL4J's batch-norm decay: running = decay * running + (1 - decay) * batch. */
    static final double BN_DECAY = 0.9;

    private final List<ParameterBlock> blocks = new ArrayList<>();

    /** The blocks declared so far, in declaration (canonical) order. */
    List<ParameterBlock> blocks() {
        return blocks;
    }

    private int declare(String layer, ParameterRole role, int... shape) {
        blocks.add(ParameterBlock.of(layer, role, shape));
        return blocks.size() - 1;
    }

    /** kxk convolution, no bias, padding k/2 (DL4J's Truncate mode with explicit padding, as nn.Conv2d). */
    Conv conv(String name, int in, int out, int kernel, int stride) {
        return new Conv(name, declare(name, ParameterRole.WEIGHT, out, in, kernel, kernel), kernel, stride, in);
    }

    /** Batch norm over channels: gamma, beta, then the running mean and deviation. */
    BatchNorm batchNorm(String name, int channels) {
        int gamma = declare(name, ParameterRole.BN_GAMMA, channels);
        int beta = declare(name, ParameterRole.BN_BETA, channels);
        int mean = declare(name, ParameterRole.BN_MEAN, channels);
        int var = declare(name, ParameterRole.BN_LOG10_STD, channels);
        return new BatchNorm(name, gamma, beta, mean, var);
    }

    /** Dense layer {@code [out, in]} with bias (the classifier: softmax is in the loss). */
    Dense dense(String name, int in, int out) {
        int w = declare(name, ParameterRole.WEIGHT, out, in);
        int b = declare(name, ParameterRole.BIAS, out);
        return new Dense(name, w, b);
    }

    /** A convolution: {@code conv2d(x, W, stride, padding = kernel / 2)}. */
    record Conv(String name, int weight, int kernel, int stride, int in) {
        Tensor apply(TorchParameters p, Tensor x) {
            long pad = kernel / 2;
            return torch.conv2d(x, p.tensor(weight), new TensorOptional(), new long[] {stride, stride},
                    new long[] {pad, pad}, new long[] {1, 1}, 1);
        }
    }

    /**
     * Batch normalisation with DL4J's semantics: {@code (x - mean) / sqrt(var + 1e-5) * gamma + beta}; in training,
     * the batch's mean and biased variance normalise and the running statistics move as
     * {@code running = 0.9 * running + 0.1 * batch}, the biased variance included (PyTorch's momentum 0.1, but PyTorch
     * moves its running variance with the unbiased one).
     */
    record BatchNorm(String name, int gamma, int beta, int mean, int var) {
        Tensor apply(TorchParameters p, Tensor x, ForwardMode mode, boolean frozen) {
            TensorOptional g = new TensorOptional(p.tensor(gamma));
            TensorOptional b = new TensorOptional(p.tensor(beta));
            if (frozen || !mode.batchStatistics()) {
                return torch.batch_norm(x, g, b, new TensorOptional(p.tensor(mean)),
                        new TensorOptional(p.tensor(var)), false, 0.0, BN_EPS, false);
            }
            if (mode == ForwardMode.PROBE) {
                return torch.batch_norm(x, g, b, new TensorOptional(), new TensorOptional(), true, 0.0, BN_EPS, false);
            }
            double momentum = 1 - BN_DECAY;
            Tensor runningVar = p.tensor(var);
            Tensor before = runningVar.clone();
            Tensor y = torch.batch_norm(x, g, b, new TensorOptional(p.tensor(mean)), new TensorOptional(runningVar),
                    true, momentum, BN_EPS, false);
            // libtorch moved the variance by momentum * var * n / (n - 1); DL4J moves it by momentum * var. With
            // after = (1 - m) * before + m * var * n / (n - 1):  (1 - m) * before + m * var
            //     = after * (n - 1) / n + (1 - m) * before / n.
            // Written through variable_data(), which has its own version counter: autograd saved the running statistics
            // (a training-mode backward does not use them) and would refuse a backward after they changed in place.
            double n = (double) x.numel() / x.size(1);
            Tensor unversioned = runningVar.variable_data();
            unversioned.mul_(new Scalar((n - 1) / n)).add_(before, new Scalar((1 - momentum) / n));
            return y;
        }
    }

    /** Dense: {@code x W^T + b}. */
    record Dense(String name, int weight, int bias) {
        Tensor apply(TorchParameters p, Tensor x) {
            return torch.linear(x, p.tensor(weight), new TensorOptional(p.tensor(bias)));
        }
    }
}
