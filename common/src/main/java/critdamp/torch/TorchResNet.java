package critdamp.torch;

import critdamp.engine.NetworkSpec;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * The CIFAR ResNets of {@code critdamp.model.ResNets} in libtorch: a 3x3 stem (conv, BN, ReLU), stages of basic blocks
 * {@code out = ReLU(BN(conv3x3(ReLU(BN(conv3x3(x, stride))))) + shortcut(x))}, global average pool, dense. The first
 * block of every stage after the first halves the resolution; its shortcut is option A for ResNet-20
 * ({@code x[:, :, ::2, ::2]} with zero channels appended after it) and a 1x1 stride-2 conv + BN for ResNet-18. Layer
 * names and canonical order as in DL4J.
 */
final class TorchResNet extends TorchNetwork {
    /** One basic block; {@code shortcutConv}/{@code shortcutBn} null for identity or option A. */
    private record Block(TorchLayers.Conv conv1, TorchLayers.BatchNorm bn1, TorchLayers.Conv conv2,
                         TorchLayers.BatchNorm bn2, TorchLayers.Conv shortcutConv, TorchLayers.BatchNorm shortcutBn,
                         int stride, boolean zeroPad) {
    }

    private final TorchLayers.Conv stemConv;
    private final TorchLayers.BatchNorm stemBn;
    private final List<Block> blocks = new ArrayList<>();
    private final TorchLayers.Dense fc;

    /** He et al. ResNet-20: 16/32/64 channels, 3 blocks per stage, option-A shortcuts. */
    static TorchResNet resnet20(NetworkSpec spec) {
        return new TorchResNet(spec, 16, new int[] {16, 32, 64}, new int[] {3, 3, 3}, false);
    }

    /** ResNet-18, CIFAR form: stem of 64, [2,2,2,2] blocks of 64/128/256/512, projection shortcuts. */
    static TorchResNet resnet18(NetworkSpec spec) {
        return new TorchResNet(spec, 64, new int[] {64, 128, 256, 512}, new int[] {2, 2, 2, 2}, true);
    }

    private TorchResNet(NetworkSpec spec, int stemWidth, int[] widths, int[] depths, boolean projection) {
        super(spec);
        stemConv = layers.conv("stem_conv", spec.input().channels(), stemWidth, 3, 1);
        stemBn = layers.batchNorm("stem_bn", stemWidth);
        int channels = stemWidth;
        for (int s = 0; s < widths.length; s++) {
            for (int b = 0; b < depths[s]; b++) {
                int stride = (s > 0 && b == 0) ? 2 : 1;
                String p = "stage" + (s + 1) + "_block" + (b + 1) + "_";
                int out = widths[s];
                boolean changes = stride != 1 || channels != out;
                if (changes && !projection && out != 2 * channels) {
                    throw new IllegalArgumentException("option-A shortcut needs out = 2 * in, got " + channels
                            + " -> " + out);
                }
                // DL4J's topological order: the shortcut's conv comes right after conv1, its BN after bn1.
                TorchLayers.Conv conv1 = layers.conv(p + "conv1", channels, out, 3, stride);
                TorchLayers.Conv scConv = changes && projection ? layers.conv(p + "shortcut_conv", channels, out, 1,
                        stride) : null;
                TorchLayers.BatchNorm bn1 = layers.batchNorm(p + "bn1", out);
                TorchLayers.BatchNorm scBn = changes && projection ? layers.batchNorm(p + "shortcut_bn", out) : null;
                TorchLayers.Conv conv2 = layers.conv(p + "conv2", out, out, 3, 1);
                TorchLayers.BatchNorm bn2 = layers.batchNorm(p + "bn2", out);
                blocks.add(new Block(conv1, bn1, conv2, bn2, scConv, scBn, stride, changes && !projection));
                channels = out;
            }
        }
        fc = layers.dense("fc", channels, spec.numClasses());
        bind();
    }

    @Override
    Tensor logits(Tensor x, ForwardMode mode) {
        x = convBnRelu(stemConv, stemBn, x, mode);
        for (Block b : blocks) {
            Tensor y = convBnRelu(b.conv1(), b.bn1(), x, mode);
            y = batchNorm(b.bn2(), conv(b.conv2(), y), mode);
            Tensor identity = x;
            if (b.shortcutConv() != null) {
                identity = batchNorm(b.shortcutBn(), conv(b.shortcutConv(), x), mode);
            } else if (b.zeroPad()) {
                Tensor sub = maxPool(x, 1, b.stride());
                identity = torch.cat(new TensorVector(sub, torch.zeros_like(sub)), 1);
            }
            x = torch.relu(y.add(identity));
        }
        return dense(fc, globalAveragePool(x));
    }
}
