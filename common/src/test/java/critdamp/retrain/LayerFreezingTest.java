package critdamp.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

class LayerFreezingTest {
    private static final List<String> ALL = List.of("conv1", "bn1", "conv2", "bn2", "fc", "out");

    /**
     * Frozen: conv1, bn1 (batch norm), fc; trained: conv2, bn2 (batch norm), out. The net has weight decay, which DL4J
     * would otherwise still apply to wrapped layers.
     */
    @Test
    void frozenLayersStayBitIdenticalAndTrainedLayersChange() {
        assertFrozenExactly(Set.of("conv2", "bn2", "out"));
    }

    /** The output layer frozen (it cannot be wrapped), batch norm trained below a frozen batch norm. */
    @Test
    void frozenOutputLayerStaysBitIdentical() {
        assertFrozenExactly(Set.of("conv1", "bn1", "fc"));
    }

    private static void assertFrozenExactly(Set<String> trainedLayers) {
        ComputationGraph trained = RetrainNets.convNet(1, DataType.FLOAT);
        List<DataSet> data = RetrainNets.quadrants(128, 32, 0.5, 2, DataType.FLOAT);
        RetrainNets.train(trained, data, 2); // running statistics away from their initial 0 / 1
        Map<String, double[]> before = RetrainNets.snapshot(trained);
        String trainedConf = trained.getConfiguration().toJson();

        ComputationGraph retrain = LayerFreezing.retrainable(trained, trainedLayers, new Adam(0.05));
        assertThat(RetrainNets.changed(RetrainNets.snapshot(retrain), before)).isEmpty();
        for (String layer : ALL) {
            assertThat(LayerFreezing.isFrozen(retrain, layer)).as(layer).isEqualTo(!trainedLayers.contains(layer));
        }
        RetrainNets.train(retrain, data, 2);

        Map<String, double[]> after = RetrainNets.snapshot(retrain);
        Set<String> changedLayers = new TreeSet<>();
        for (String key : RetrainNets.changed(after, before)) {
            changedLayers.add(key.substring(0, key.indexOf('/')));
        }
        assertThat(changedLayers).isEqualTo(new TreeSet<>(trainedLayers));
        // each trained layer changed in every trainable parameter array
        for (String key : after.keySet()) {
            String layer = key.substring(0, key.indexOf('/'));
            if (trainedLayers.contains(layer)) {
                assertThat(RetrainNets.changed(Map.of(key, after.get(key)), Map.of(key, before.get(key))))
                        .as(key).containsExactly(key);
            }
        }
        assertThat(before.keySet()).contains("bn1/mean", "bn1/log10stdev", "bn1/gamma", "bn1/beta", "bn2/mean", "bn2/log10stdev");

        // the graph passed in is untouched, parameters and configuration
        assertThat(RetrainNets.changed(RetrainNets.snapshot(trained), before)).isEmpty();
        assertThat(trained.getConfiguration().toJson()).isEqualTo(trainedConf);

        // unwrap and restore carry the retrained parameters bit for bit
        assertThat(RetrainNets.changed(RetrainNets.snapshot(LayerFreezing.unwrap(retrain)), after)).isEmpty();
        ComputationGraph restored = LayerFreezing.restore(trained, retrain);
        assertThat(RetrainNets.changed(RetrainNets.snapshot(restored), after)).isEmpty();
        assertThat(restored.getConfiguration().toJson()).isEqualTo(trainedConf);
    }

    @Test
    void unwrapAndRestoreGivePlainGraphsWithTheSameFunction() {
        ComputationGraph trained = RetrainNets.convNet(3, DataType.FLOAT);
        List<DataSet> data = RetrainNets.quadrants(64, 32, 0.5, 4, DataType.FLOAT);
        RetrainNets.train(trained, data, 1);
        ComputationGraph retrain = LayerFreezing.retrainable(trained, Set.of("fc"), new Sgd(0.1));
        ComputationGraph plain = LayerFreezing.unwrap(retrain);
        ComputationGraph restored = LayerFreezing.restore(trained, retrain);
        for (String name : ALL) {
            assertThat(plain.getLayer(name)).isNotInstanceOf(org.deeplearning4j.nn.layers.FrozenLayerWithBackprop.class)
                    .isNotInstanceOf(org.deeplearning4j.nn.layers.FrozenLayer.class);
            assertThat(LayerFreezing.isFrozen(restored, name)).isFalse();
        }
        assertThat(plain.params()).isEqualTo(trained.params());
        INDArray x = data.get(0).getFeatures();
        INDArray expected = trained.outputSingle(false, x);
        assertThat(plain.outputSingle(false, x)).isEqualTo(expected);
        assertThat(restored.outputSingle(false, x)).isEqualTo(expected);
        // frozen layers compute in inference mode: with only a dense layer trained (no dropout), the retraining graph's
        // training-mode output is the trained graph's inference output
        assertThat(retrain.outputSingle(true, x)).isEqualTo(expected);
    }

    /**
     * The error signal reaching a trained layer below a frozen batch-norm layer must be the gradient of the function
     * the retraining graph computes (batch norm with its running statistics). DL4J's own batch-norm backward pass
     * assumes minibatch statistics; checked against central finite differences in double precision.
     */
    @Test
    void gradientThroughFrozenBatchNormIsExact() {
        ComputationGraph trained = RetrainNets.convNet(5, DataType.DOUBLE, 0);
        List<DataSet> data = RetrainNets.quadrants(64, 16, 0.5, 6, DataType.DOUBLE);
        RetrainNets.train(trained, data, 2);
        ComputationGraph retrain = LayerFreezing.retrainable(trained, Set.of("conv1"), new Sgd(0.1));
        assertThat(retrain.getLayer("bn1")).isInstanceOf(FrozenBatchNormLayer.class);
        DataSet batch = data.get(0);
        retrain.setInputs(batch.getFeatures());
        retrain.setLabels(batch.getLabels());
        retrain.computeGradientAndScore();
        // DL4J's gradient is the sum over the minibatch; the score is the mean
        INDArray grad = retrain.gradient().getGradientFor("conv1_W").div(batch.numExamples());
        INDArray w = retrain.getLayer("conv1").getParam("W");
        double h = 1e-6;
        double maxRel = 0;
        for (long i = 0; i < w.length(); i += 5) {
            double orig = w.getDouble(i);
            w.putScalar(i, orig + h);
            double plus = retrain.score(batch, true);
            w.putScalar(i, orig - h);
            double minus = retrain.score(batch, true);
            w.putScalar(i, orig);
            double numeric = (plus - minus) / (2 * h);
            double analytic = grad.getDouble(i);
            maxRel = Math.max(maxRel,
                    Math.abs(numeric - analytic) / Math.max(1e-8, Math.abs(numeric) + Math.abs(analytic)));
        }
        assertThat(maxRel).isLessThan(1e-5);
    }

    @Test
    void retrainableConfigurationSurvivesJson() {
        ComputationGraph retrain = LayerFreezing.retrainable(RetrainNets.convNet(1, DataType.FLOAT),
                Set.of("conv2"), new Adam(0.01));
        String json = retrain.getConfiguration().toJson();
        assertThat(ComputationGraphConfiguration.fromJson(json).toJson()).isEqualTo(json);
        ComputationGraph copy = new ComputationGraph(
                ComputationGraphConfiguration.fromJson(retrain.getConfiguration().toJson()));
        copy.init(retrain.params().dup(), false);
        INDArray x = RetrainNets.quadrants(8, 8, 0.5, 1, DataType.FLOAT).get(0).getFeatures();
        assertThat(copy.outputSingle(true, x)).isEqualTo(retrain.outputSingle(true, x));
        // bn1, below the trained conv2, is skipped by the backward pass; bn2, above it, passes the error signal back
        assertThat(copy.getLayer("bn1")).isInstanceOf(org.deeplearning4j.nn.layers.FrozenLayer.class);
        assertThat(copy.getLayer("bn2")).isInstanceOf(FrozenBatchNormLayer.class);
        assertThat(LayerFreezing.isFrozen(copy, "bn1")).isTrue();
        assertThat(LayerFreezing.isFrozen(copy, "out")).isTrue();
        assertThat(LayerFreezing.isFrozen(copy, "conv2")).isFalse();
    }

    @Test
    void unknownOrEmptyLayerNamesAreRejectedWithTheValidOnes() {
        ComputationGraph net = RetrainNets.convNet(1, DataType.FLOAT);
        assertThatThrownBy(() -> LayerFreezing.retrainable(net, Set.of("conv9"), new Sgd(0.1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("conv9")
                .hasMessageContaining("[conv1, bn1, conv2, bn2, fc, out]");
        assertThatThrownBy(() -> LayerFreezing.retrainable(net, Set.of("pool"), new Sgd(0.1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pool");
        assertThatThrownBy(() -> LayerFreezing.retrainable(net, Set.of(), new Sgd(0.1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
