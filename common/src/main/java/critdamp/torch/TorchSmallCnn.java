package critdamp.torch;

import critdamp.engine.NetworkSpec;
import org.bytedeco.pytorch.Tensor;

/**
 * The small CIFAR network of {@code critdamp.model.SmallCnn} in libtorch: [conv3x3-BN-ReLU] 32, 32, max-pool 2, 64,
 * 64, max-pool 2, 128, global average pool, dense; the same layer names and canonical order.
 */
final class TorchSmallCnn extends TorchNetwork {
    private final TorchLayers.Conv c11;
    private final TorchLayers.BatchNorm b11;
    private final TorchLayers.Conv c12;
    private final TorchLayers.BatchNorm b12;
    private final TorchLayers.Conv c21;
    private final TorchLayers.BatchNorm b21;
    private final TorchLayers.Conv c22;
    private final TorchLayers.BatchNorm b22;
    private final TorchLayers.Conv c31;
    private final TorchLayers.BatchNorm b31;
    private final TorchLayers.Dense fc;

    TorchSmallCnn(NetworkSpec spec) {
        super(spec);
        int in = spec.input().channels();
        c11 = layers.conv("block1_conv1", in, 32, 3, 1);
        b11 = layers.batchNorm("block1_bn1", 32);
        c12 = layers.conv("block1_conv2", 32, 32, 3, 1);
        b12 = layers.batchNorm("block1_bn2", 32);
        c21 = layers.conv("block2_conv1", 32, 64, 3, 1);
        b21 = layers.batchNorm("block2_bn1", 64);
        c22 = layers.conv("block2_conv2", 64, 64, 3, 1);
        b22 = layers.batchNorm("block2_bn2", 64);
        c31 = layers.conv("block3_conv1", 64, 128, 3, 1);
        b31 = layers.batchNorm("block3_bn1", 128);
        fc = layers.dense("fc", 128, spec.numClasses());
        bind();
    }

    @Override
    Tensor logits(Tensor x, ForwardMode mode) {
        x = convBnRelu(c11, b11, x, mode);
        x = convBnRelu(c12, b12, x, mode);
        x = maxPool(x, 2, 2);
        x = convBnRelu(c21, b21, x, mode);
        x = convBnRelu(c22, b22, x, mode);
        x = maxPool(x, 2, 2);
        x = convBnRelu(c31, b31, x, mode);
        return dense(fc, globalAveragePool(x));
    }
}
