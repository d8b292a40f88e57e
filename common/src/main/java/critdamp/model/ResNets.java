package critdamp.model;

import critdamp.optim.WeightDecay;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The CIFAR ResNets built from basic blocks (two 3x3 conv-BN, ReLU between, residual addition, ReLU after).
 *
 * <p>Layer names: {@code stem_conv, stem_bn, stem_relu}; per block {@code stage<s>_block<b>_conv1, _bn1, _relu1,
 * _conv2, _bn2, _add, _relu}; on a downsampling block's shortcut {@code _shortcut_conv, _shortcut_bn} (projection) or
 * {@code _shortcut_select, _shortcut_zeros, _shortcut_pad} (option A); then {@code avgpool} and {@code fc}. Layer
 * groups (prefix before the first '_'): {@code stem, stage1..stageN, fc}.
 */
final class ResNets {
    private ResNets() {
    }

    /** How a block that changes the channel count and resolution forms its shortcut. */
    enum Shortcut {
        /** He et al. option A: {@code x[:, :, ::2, ::2]} with the new channels zero-filled; no parameters. */
        ZERO_PAD,
        /** 1x1 stride-2 convolution + batch norm (option B). */
        PROJECTION
    }

    /** He et al. (2016) ResNet-20 for CIFAR: 16/32/64 channels, 3 blocks per stage, option-A shortcuts. */
    static ComputationGraphConfiguration resnet20(InputShape in, int numClasses, IUpdater updater, long seed,
                                                  WeightDecay decay, ActivationFormat format) {
        return build(in, numClasses, updater, seed, decay, format, 16, new int[]{16, 32, 64}, new int[]{3, 3, 3},
                Shortcut.ZERO_PAD);
    }

    /** ResNet-18, CIFAR form: 3x3 stem of 64, no max-pool, [2,2,2,2] blocks of 64/128/256/512, projection shortcuts. */
    static ComputationGraphConfiguration resnet18(InputShape in, int numClasses, IUpdater updater, long seed,
                                                  WeightDecay decay, ActivationFormat format) {
        return build(in, numClasses, updater, seed, decay, format, 64, new int[]{64, 128, 256, 512},
                new int[]{2, 2, 2, 2}, Shortcut.PROJECTION);
    }

    private static ComputationGraphConfiguration build(InputShape in, int numClasses, IUpdater updater, long seed,
                                                       WeightDecay decay, ActivationFormat format, int stemWidth,
                                                       int[] widths, int[] blocks, Shortcut shortcut) {
        GraphWriter g = new GraphWriter(in, updater, seed, decay, format);
        String x = g.relu("stem_relu", g.batchNorm("stem_bn", g.conv("stem_conv", GraphWriter.INPUT, stemWidth, 3, 1)));
        int channels = stemWidth;
        for (int s = 0; s < widths.length; s++) {
            for (int b = 0; b < blocks[s]; b++) {
                int stride = (s > 0 && b == 0) ? 2 : 1;
                String prefix = "stage" + (s + 1) + "_block" + (b + 1) + "_";
                x = basicBlock(g, prefix, x, channels, widths[s], stride, shortcut);
                channels = widths[s];
            }
        }
        x = g.globalAvgPool("avgpool", x);
        g.softmaxOutput("fc", x, numClasses);
        return g.build();
    }

    /** out = ReLU(BN(conv3x3(ReLU(BN(conv3x3(x, stride))))) + shortcut(x)). */
    private static String basicBlock(GraphWriter g, String prefix, String x, int nIn, int nOut, int stride,
                                     Shortcut shortcut) {
        String y = g.convBnRelu(prefix, "1", x, nOut, stride);
        y = g.batchNorm(prefix + "bn2", g.conv(prefix + "conv2", y, nOut, 3, 1));
        String identity = x;
        if (stride != 1 || nIn != nOut) {
            identity = switch (shortcut) {
                case PROJECTION -> g.batchNorm(prefix + "shortcut_bn", g.conv(prefix + "shortcut_conv", x, nOut, 1, stride));
                case ZERO_PAD -> zeroPadShortcut(g, prefix, x, nIn, nOut, stride);
            };
        }
        return g.relu(prefix + "relu", g.add(prefix + "add", y, identity));
    }

    /**
     * Option A: subsample by striding, then append {@code nOut - nIn} zero channels. The zeros are made as
     * {@code 0 * x_sub} (so {@code nOut} must be {@code 2 * nIn}) and concatenated after x_sub. Where the zero channels
     * sit does not matter: the residual branch's channels are learned, so any placement is the same network.
     */
    private static String zeroPadShortcut(GraphWriter g, String prefix, String x, int nIn, int nOut, int stride) {
        if (nOut != 2 * nIn) {
            throw new IllegalArgumentException("option-A shortcut needs nOut = 2 * nIn, got " + nIn + " -> " + nOut);
        }
        String sub = g.strideSelect(prefix + "shortcut_select", x, stride);
        String zeros = g.scale(prefix + "shortcut_zeros", sub, 0.0);
        return g.concatChannels(prefix + "shortcut_pad", sub, zeros);
    }
}
