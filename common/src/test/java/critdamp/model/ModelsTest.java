package critdamp.model;

import critdamp.optim.WeightDecay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import critdamp.base.ConfigException;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

class ModelsTest {
    private static ComputationGraph build(ModelKind kind) {
        return Models.build(kind, InputShape.CIFAR10, 10, new Sgd(0.1), 7);
    }

    /** Sum of batch-norm channels: DL4J keeps a running mean and variance per channel in the parameter vector. */
    private static long bnChannels(ComputationGraph g) {
        long n = 0;
        for (var layer : g.getLayers()) {
            if (layer.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization bn) {
                n += bn.getNOut();
            }
        }
        return n;
    }

    @Test
    void resnet18HasTheCifarResNet18ParameterCount() {
        ComputationGraph g = build(ModelKind.RESNET18);
        // The CIFAR ResNet-18 count (e.g. kuangliu/pytorch-cifar): 11,173,962 trainable parameters for 10 classes.
        assertThat(Models.trainableParameterCount(g)).isEqualTo(11_173_962L);
        // BN channels: stem 64 + stage1 4*64 + stage2 5*128 + stage3 5*256 + stage4 5*512 = 4,800
        assertThat(bnChannels(g)).isEqualTo(4_800L);
        assertThat(g.numParams()).isEqualTo(11_173_962L + 2 * 4_800L);
    }

    @Test
    void resnet20HasTheOptionAParameterCount() {
        ComputationGraph g = build(ModelKind.RESNET20);
        // stem: conv 3*16*9 = 432, bn 2*16 = 32                                              ->     464
        // stage1: 3 blocks x (2 convs 16*16*9 = 2,304 + 2 bn 2*16)  = 3 x 4,672              ->  14,016
        // stage2: block1 16*32*9 + 32*32*9 + 2 bn 2*32 = 4,608 + 9,216 + 128 = 13,952;
        //         blocks 2,3: 2 x (2*9,216 + 128) = 37,120                                  ->  51,072
        // stage3: block1 32*64*9 + 64*64*9 + 2*128 = 18,432 + 36,864 + 256 = 55,552;
        //         blocks 2,3: 2 x (2*36,864 + 256) = 147,968                                -> 203,520
        // option-A shortcuts: 0; fc: 64*10 + 10 = 650
        // total 464 + 14,016 + 51,072 + 203,520 + 650 = 269,722 (He et al.: "0.27M")
        assertThat(Models.trainableParameterCount(g)).isEqualTo(269_722L);
        // BN channels: 16 + 6*16 + 6*32 + 6*64 = 688
        assertThat(g.numParams()).isEqualTo(269_722L + 2 * bnChannels(g));
        assertThat(bnChannels(g)).isEqualTo(688L);
    }

    @Test
    void smallCnnHasItsDocumentedParameterCount() {
        ComputationGraph g = build(ModelKind.SMALL_CNN);
        // conv 864 + 9,216 + 18,432 + 36,864 + 73,728 = 139,104; bn 2*(32+32+64+64+128) = 640; fc 1,290
        assertThat(Models.trainableParameterCount(g)).isEqualTo(141_034L);
    }

    @Test
    void outputIsAProbabilityPerClassAndShapesFollowTheInput() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 1, 28, 28);
        for (ModelKind kind : List.of(ModelKind.SMALL_CNN, ModelKind.RESNET20)) {
            ComputationGraph g = Models.build(kind, InputShape.FASHION_MNIST, 7, new Sgd(0.1), 1);
            INDArray p = g.outputSingle(x);
            assertThat(p.shape()).containsExactly(3, 7);
            assertThat(p.sum(1).toDoubleVector()).containsOnly(new double[]{1.0}, org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        INDArray a = Models.build(ModelKind.RESNET20, InputShape.CIFAR10, 10, new Sgd(0.1), 3).params();
        INDArray b = Models.build(ModelKind.RESNET20, InputShape.CIFAR10, 10, new Sgd(0.1), 3).params();
        INDArray c = Models.build(ModelKind.RESNET20, InputShape.CIFAR10, 10, new Sgd(0.1), 4).params();
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void configurationSurvivesJsonRoundTrip() {
        // dl4j-spark ships configurations as JSON: the option-A vertices (ScaleVertex, MergeVertex) must survive it
        for (ModelKind kind : ModelKind.values()) {
            var conf = Models.configuration(kind, InputShape.CIFAR10, 10, new Sgd(0.1), 9, new WeightDecay(1e-4));
            var back = org.deeplearning4j.nn.conf.ComputationGraphConfiguration.fromJson(conf.toJson());
            assertThat(back).as(kind.configName()).isEqualTo(conf);
        }
        ComputationGraph a = build(ModelKind.RESNET20);
        ComputationGraph b = new ComputationGraph(
                org.deeplearning4j.nn.conf.ComputationGraphConfiguration.fromJson(a.getConfiguration().toJson()));
        b.init(a.params().dup(), true);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32);
        assertThat(b.outputSingle(x)).isEqualTo(a.outputSingle(x));
    }

    @Test
    void weightDecayBecomesL2OnWeightsOnly() {
        ComputationGraph g = Models.build(ModelKind.SMALL_CNN, InputShape.CIFAR10, 10, new Sgd(0.1), 1,
                new WeightDecay(5e-4));
        var conv = (org.deeplearning4j.nn.conf.layers.BaseLayer) g.getLayer("block1_conv1").conf().getLayer();
        assertThat(conv.getRegularization()).singleElement()
                .isInstanceOf(org.nd4j.linalg.learning.regularization.L2Regularization.class);
        var fc = (org.deeplearning4j.nn.conf.layers.BaseLayer) g.getLayer("fc").conf().getLayer();
        assertThat(fc.getRegularization()).hasSize(1);
        assertThat(fc.getRegularizationBias()).isEmpty();
        assertThatThrownBy(() -> new WeightDecay(-1e-4)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("model.weight_decay = -1.0E-4");
    }

    @Test
    void resnetLayerNamesAndGroups() {
        ComputationGraph g = build(ModelKind.RESNET18);
        Map<String, List<String>> groups = LayerGroups.of(g);
        assertThat(groups.keySet()).containsExactly("stem", "stage1", "stage2", "stage3", "stage4", "fc");
        assertThat(groups.get("stem")).containsExactly("stem_conv", "stem_bn");
        assertThat(groups.get("stage2")).contains("stage2_block1_conv1", "stage2_block1_bn1", "stage2_block1_conv2",
                "stage2_block1_shortcut_conv", "stage2_block1_shortcut_bn", "stage2_block2_conv2").hasSize(6 + 4);
        assertThat(groups.get("fc")).containsExactly("fc");
        assertThat(LayerGroups.of(build(ModelKind.RESNET20)).keySet())
                .containsExactly("stem", "stage1", "stage2", "stage3", "fc");
        assertThat(LayerGroups.of(build(ModelKind.SMALL_CNN)).keySet())
                .containsExactly("block1_1", "block1_2", "block2_1", "block2_2", "block3_1", "fc");
    }

    @Test
    void modelKindParsesConfigNamesWithDidYouMean() {
        assertThat(ModelKind.parse("resnet20")).isEqualTo(ModelKind.RESNET20);
        assertThat(ModelKind.parse("Small-CNN")).isEqualTo(ModelKind.SMALL_CNN);
        assertThat(ModelKind.RESNET18.configName()).isEqualTo("resnet18");
        assertThatThrownBy(() -> ModelKind.parse("resnet19")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("model.kind").hasMessageContaining("did you mean");
    }

    @Test
    void inputShapeValidatesEachField() {
        assertThat(InputShape.CIFAR10.size()).isEqualTo(3072);
        assertThatThrownBy(() -> new InputShape(0, 32, 32)).isInstanceOf(ConfigException.class)
                .hasMessage("input.channels = 0: must be in [1, 16]");
        assertThatThrownBy(() -> new InputShape(3, 4, 32)).hasMessageContaining("input.height = 4");
        assertThatThrownBy(() -> new InputShape(3, 32, 5000)).hasMessageContaining("input.width = 5000");
    }
}
