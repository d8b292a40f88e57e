package critdamp.model;

import critdamp.optim.WeightDecay;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The small CIFAR network: [conv3x3-BN-ReLU] 32, 32, max-pool, 64, 64, max-pool, 128, global average pool, dense
 * softmax. Layer names: {@code block1_conv1, block1_bn1, block1_relu1, ..., block1_pool, ..., block3_conv1, avgpool,
 * fc}; layer groups (each conv with its batch norm, see {@link LayerGroups}) {@code block1_1, block1_2, block2_1,
 * block2_2, block3_1, fc}.
 *
 * <p>Parameters for 3 input channels and 10 classes: conv 3*32*9 + 32*32*9 + 32*64*9 + 64*64*9 + 64*128*9 = 139,104;
 * batch norm gamma/beta 2*(32+32+64+64+128) = 640; fc 128*10 + 10 = 1,290; total 141,034 trainable.
 *
 * <p>Measured on 2 cores with the fast CPU path: ~450 training img/s at batch 64; on CIFAR-10 (Nesterov 0.05 -> 0.01,
 * weight decay 5e-4, horizontal flips) 56% / 65% / 75% test accuracy after epochs 1 / 2 / 3, ~2 min per epoch.
 */
final class SmallCnn {
    private SmallCnn() {
    }

    static ComputationGraphConfiguration configuration(InputShape in, int numClasses, IUpdater updater, long seed,
                                                       WeightDecay decay, ActivationFormat format) {
        GraphWriter g = new GraphWriter(in, updater, seed, decay, format);
        String x = g.convBnRelu("block1_", "1", GraphWriter.INPUT, 32, 1);
        x = g.convBnRelu("block1_", "2", x, 32, 1);
        x = g.maxPool("block1_pool", x, 2);
        x = g.convBnRelu("block2_", "1", x, 64, 1);
        x = g.convBnRelu("block2_", "2", x, 64, 1);
        x = g.maxPool("block2_pool", x, 2);
        x = g.convBnRelu("block3_", "1", x, 128, 1);
        x = g.globalAvgPool("avgpool", x);
        g.softmaxOutput("fc", x, numClasses);
        return g.build();
    }
}
