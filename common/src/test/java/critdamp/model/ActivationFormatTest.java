package critdamp.model;

import critdamp.optim.WeightDecay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import critdamp.base.ConfigException;
import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * A channels-last network is the channels-first one with its activations laid out NHWC: with the same parameters it
 * gives the same outputs and the same gradients for the same (NCHW) input, its first convolution's activations are
 * the channels-first ones permuted, and its configuration survives the JSON trip Spark gives it.
 */
class ActivationFormatTest {
    private static final InputShape IN = new InputShape(3, 16, 16);

    @Test
    void sameWeightsGiveTheSameOutputsAndGradientsInBothLayouts() {
        for (ModelKind kind : List.of(ModelKind.SMALL_CNN, ModelKind.RESNET20)) {
            ComputationGraph nchw = Models.build(kind, IN, 10, new Sgd(0.1), 5, new WeightDecay(5e-4));
            ComputationGraph nhwc = new ComputationGraph(Models.configuration(kind, IN, 10, new Sgd(0.1), 5,
                    new WeightDecay(5e-4), ActivationFormat.NHWC));
            nhwc.init(nchw.params().dup(), true);
            INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3, 16, 16).subi(0.5);

            assertThat(maxDiff(nhwc.outputSingle(x), nchw.outputSingle(x))).as("%s output", kind).isLessThan(1e-5);
            String first = kind == ModelKind.SMALL_CNN ? "block1_conv1" : "stem_conv";
            Map<String, INDArray> a = nchw.feedForward(x, false);
            Map<String, INDArray> b = nhwc.feedForward(x, false);
            assertThat(b.get(first).shape()).as("%s channels last", kind).containsExactly(4, 16, 16,
                    a.get(first).size(1));
            assertThat(maxDiff(b.get(first), a.get(first).permute(0, 2, 3, 1))).isLessThan(1e-5);

            INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 10);
            for (int i = 0; i < 4; i++) {
                y.putScalar(i, i * 3 % 10, 1.0);
            }
            assertThat(maxDiff(gradient(nhwc, x, y), gradient(nchw, x, y))).as("%s gradients", kind)
                    .isLessThan(1e-4);
        }
    }

    @Test
    void aChannelsLastConfigurationSurvivesJson() {
        ComputationGraphConfiguration conf = Models.configuration(ModelKind.RESNET20, IN, 10, new Sgd(0.1), 5,
                WeightDecay.NONE, ActivationFormat.NHWC);
        assertThat(ComputationGraphConfiguration.fromJson(conf.toJson())).isEqualTo(conf);
    }

    @Test
    void theConfigKeyIsModelFormat() {
        String yaml = "learningRate: {kind: cosine, baseLr: 0.05}\nmomentum: {kind: physics}\n";
        assertThat(ConfigLoader.parse(yaml, List.of(), TrainConfig.class).model().format())
                .isEqualTo(ActivationFormat.NCHW);
        assertThat(ConfigLoader.parse(yaml, List.of("model.format=nhwc"), TrainConfig.class).model().format())
                .isEqualTo(ActivationFormat.NHWC);
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, List.of("model.format=nwhc"), TrainConfig.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("model.format");
    }

    private static INDArray gradient(ComputationGraph g, INDArray x, INDArray y) {
        g.setInputs(x);
        g.setLabels(y);
        g.computeGradientAndScore();
        Gradient grad = g.gradient();
        return grad.gradient().dup();
    }

    private static double maxDiff(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }
}
