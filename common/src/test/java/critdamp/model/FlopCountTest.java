package critdamp.model;

import critdamp.optim.WeightDecay;
import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** FLOP counts against values worked out by hand. */
class FlopCountTest {
    @Test
    void smallCnnMatchesHandCount() {
        FlopCount f = FlopCount.of(Models.configuration(ModelKind.SMALL_CNN, InputShape.CIFAR10, 10, new Sgd(0.1), 1,
                WeightDecay.NONE), InputShape.CIFAR10);
        long conv = 2L * 9 * 3 * 32 * 32 * 32      // block1_conv1, 32x32 out
                + 2L * 9 * 32 * 32 * 32 * 32        // block1_conv2
                + 2L * 9 * 32 * 64 * 16 * 16        // block2_conv1 after the first pool
                + 2L * 9 * 64 * 64 * 16 * 16        // block2_conv2
                + 2L * 9 * 64 * 128 * 8 * 8;        // block3_conv1 after the second pool
        assertThat(conv).isEqualTo(58_392_576L);
        assertThat(f.convFlops()).isEqualTo(conv);
        assertThat(f.denseFlops()).isEqualTo(2L * 128 * 10);
        assertThat(f.forwardFlops()).isEqualTo(58_395_136L);
        assertThat(f.trainingFlops()).isEqualTo(3 * 58_395_136L);
        long bnRelu = 2 * (2 * 32 * 32 * 32 + 2 * 64 * 16 * 16 + 128 * 8 * 8);
        long pools = 4 * (32 * 16 * 16) + 4 * (64 * 8 * 8);
        long globalPool = 128 * 8 * 8;
        long fcBias = 10;
        assertThat(f.elementwise()).isEqualTo(bnRelu + pools + globalPool + fcBias);
        assertThat(f.layers()).filteredOn(l -> l.kind().equals("conv")).hasSize(5);
        assertThat(f.layers().get(0).name()).isEqualTo("block1_conv1");
    }

    @Test
    void tinyGraphWithStrideAndBiases() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().updater(new Sgd(0.1))
                .convolutionMode(ConvolutionMode.Truncate).graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutional(8, 8, 1))
                .addLayer("c", new ConvolutionLayer.Builder(3, 3).stride(2, 2).padding(1, 1).nOut(4).build(), "in")
                .addLayer("d", new DenseLayer.Builder().nOut(5).activation(Activation.RELU).build(), "c")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "d")
                .setOutputs("out").build();
        FlopCount f = FlopCount.of(conf, new InputShape(1, 8, 8));
        assertThat(f.convFlops()).isEqualTo(2L * 3 * 3 * 1 * 4 * 4 * 4); // 1,152: 4x4 output of 4 channels
        assertThat(f.denseFlops()).isEqualTo(2L * 64 * 5 + 2L * 5 * 3);   // 640 + 30
        assertThat(f.elementwise()).isEqualTo(64 + 5 + 3);                // the bias adds
        assertThat(f.trainingFlops()).isEqualTo(3L * (1152 + 670));
    }

    @Test
    void resnet20IsAboutFortyMillionMultiplyAdds() {
        // He et al. quote ~41M multiply-adds for ResNet-20; our FLOPs are 2 x multiply-adds.
        FlopCount f = FlopCount.of(Models.configuration(ModelKind.RESNET20, InputShape.CIFAR10, 10, new Sgd(0.1), 1,
                WeightDecay.NONE), InputShape.CIFAR10);
        assertThat(f.forwardFlops() / 2).isBetween(40_000_000L, 42_000_000L);
        assertThat(f.layers()).filteredOn(l -> l.kind().equals("conv")).hasSize(19);
    }
}
