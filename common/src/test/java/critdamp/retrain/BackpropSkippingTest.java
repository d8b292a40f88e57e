package critdamp.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import critdamp.model.ActivationFormat;
import critdamp.model.InputShape;
import critdamp.model.LayerGroups;
import critdamp.model.ModelKind;
import critdamp.model.Models;
import critdamp.optim.WeightDecay;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.impl.FrozenVertex;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A retraining graph skips the backward pass below its lowest trained layer and the weight gradients of frozen
 * convolutions, and trains exactly as the graph that does all that work ({@link FullBackprop}): the same trained
 * parameters after a few steps (float tolerance: the input gradient through a frozen convolution comes from another
 * ND4J op), every frozen parameter bit-identical.
 */
class BackpropSkippingTest {
    private static final InputShape IN = new InputShape(3, 8, 8);
    private static final int CLASSES = 10;

    @ParameterizedTest
    @EnumSource(ActivationFormat.class)
    void smallCnnTrainsAsWithTheFullBackwardPass(ActivationFormat format) {
        ComputationGraph trained = trainedNet(ModelKind.SMALL_CNN, format);
        ComputationGraph retrain = LayerFreezing.retrainable(trained, layersOf(trained, "block1_2", "block3_1", "fc"),
                new Nesterovs(0.05, 0.9));
        for (String dead : List.of("block1_conv1", "block1_bn1", "block1_relu1")) {
            assertThat(retrain.getLayer(dead)).as(dead).isInstanceOf(FrozenLayer.class);
        }
        assertThat(retrain.getLayer("block2_conv1")).isInstanceOf(FrozenConvolutionLayer.class);
        assertThat(retrain.getLayer("block2_conv2")).isInstanceOf(FrozenConvolutionLayer.class);
        assertThat(retrain.getLayer("block2_bn1")).isInstanceOf(FrozenBatchNormLayer.class);
        assertThat(LayerFreezing.isFrozen(retrain, "block1_conv2")).isFalse();
        assertTrainsAsFullBackprop(trained, retrain);
    }

    /** Residual vertices and option-A shortcuts below the trained stage; a strided frozen convolution above it. */
    @Test
    void resnet20TrainsAsWithTheFullBackwardPass() {
        ComputationGraph trained = trainedNet(ModelKind.RESNET20, ActivationFormat.NCHW);
        ComputationGraph retrain = LayerFreezing.retrainable(trained, layersOf(trained, "stage2", "fc"),
                new Nesterovs(0.05, 0.9));
        assertThat(retrain.getLayer("stem_conv")).isInstanceOf(FrozenLayer.class);
        assertThat(retrain.getVertex("stage1_block3_add")).isInstanceOf(FrozenVertex.class);
        assertThat(retrain.getVertex("stage2_block1_shortcut_pad")).isInstanceOf(FrozenVertex.class);
        assertThat(retrain.getVertex("stage2_block1_add")).isNotInstanceOf(FrozenVertex.class);
        assertThat(retrain.getLayer("stage3_block1_conv2")).isInstanceOf(FrozenConvolutionLayer.class);
        assertThat(retrain.getLayer("stage3_block1_conv1")).isInstanceOf(FrozenLayerWithBackprop.class)
                .isNotInstanceOf(FrozenConvolutionLayer.class); // stride 2
        assertTrainsAsFullBackprop(trained, retrain);
    }

    /** A spy below the lowest trained layer never runs its backward pass; one above it does, once per step. */
    @Test
    void noBackwardPassRunsBelowTheLowestTrainedLayer() {
        ComputationGraph trained = spyNet(8, 8);
        ComputationGraph retrain = LayerFreezing.retrainable(trained, Set.of("conv2", "bn2"), new Sgd(0.1));
        ComputationGraph full = FullBackprop.of(retrain);
        DataSet batch = batches(1, 4, IN, 3, 5).get(0);

        CountingIdentity.reset();
        retrain.fit(batch);
        retrain.fit(batch);
        assertThat(CountingIdentity.backwardCalls("count1")).isZero();
        assertThat(CountingIdentity.backwardCalls("count2")).isEqualTo(2);

        CountingIdentity.reset();
        full.fit(batch);
        full.fit(batch);
        assertThat(CountingIdentity.backwardCalls("count1")).isEqualTo(2);
        assertThat(CountingIdentity.backwardCalls("count2")).isEqualTo(2);
    }

    /**
     * A frozen convolution above the trained layer passes the error signal on but never writes its weight gradient: a
     * NaN planted in its gradient slice survives a backward pass (DL4J's wrapper computes the gradient and overwrites
     * it with zeros), and the trained layer's gradient is the same either way.
     */
    @Test
    void frozenConvolutionComputesNoWeightGradient() {
        ComputationGraph trained = spyNet(8, 8);
        ComputationGraph retrain = LayerFreezing.retrainable(trained, Set.of("conv2", "bn2"), new Sgd(0.1));
        ComputationGraph full = FullBackprop.of(retrain);
        assertThat(retrain.getLayer("conv3")).isInstanceOf(FrozenConvolutionLayer.class);
        assertThat(full.getLayer("conv3")).isNotInstanceOf(FrozenConvolutionLayer.class);
        DataSet batch = batches(1, 4, IN, 3, 6).get(0);

        INDArray skipped = gradientWithNanPlanted(retrain, batch);
        INDArray computed = gradientWithNanPlanted(full, batch);
        assertThat(BooleanIndexing.and(skipped, Conditions.isNan())).isTrue();
        assertThat(computed.amaxNumber().doubleValue()).isZero();
        INDArray a = retrain.gradient().getGradientFor("conv2_W");
        INDArray b = full.gradient().getGradientFor("conv2_W");
        assertThat(a.amaxNumber().doubleValue()).isPositive();
        assertThat(a.sub(b).amaxNumber().doubleValue()).isLessThan(1e-5 * b.amaxNumber().doubleValue());
    }

    /** On a non-square feature map the frozen convolution falls back to DL4J's full backward pass, exactly. */
    @Test
    void nonSquareInputsTakeTheFullBackwardPass() {
        ComputationGraph trained = spyNet(8, 10);
        ComputationGraph retrain = LayerFreezing.retrainable(trained, Set.of("conv2", "bn2"), new Sgd(0.1));
        ComputationGraph full = FullBackprop.of(retrain);
        DataSet batch = batches(1, 4, new InputShape(3, 8, 10), 3, 8).get(0);
        assertThat(gradientWithNanPlanted(retrain, batch).amaxNumber().doubleValue()).isZero();
        gradientWithNanPlanted(full, batch);
        assertThat(retrain.gradient().getGradientFor("conv2_W"))
                .isEqualTo(full.gradient().getGradientFor("conv2_W"));
    }

    /** What travels to Spark workers: the configuration as JSON and as a Java object, with every kind of wrapper. */
    @Test
    void resnetRetrainingGraphSurvivesJsonAndJavaSerialization() throws Exception {
        ComputationGraph trained = trainedNet(ModelKind.RESNET20, ActivationFormat.NCHW);
        ComputationGraph retrain = LayerFreezing.retrainable(trained, layersOf(trained, "stage2", "fc"), new Sgd(0.1));
        String json = retrain.getConfiguration().toJson();
        ComputationGraphConfiguration fromJson = ComputationGraphConfiguration.fromJson(json);
        assertThat(fromJson.toJson()).isEqualTo(json);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(retrain.getConfiguration());
        }
        ComputationGraphConfiguration fromJava;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            fromJava = (ComputationGraphConfiguration) in.readObject();
        }
        assertThat(fromJava.toJson()).isEqualTo(json);

        INDArray x = batches(1, 4, IN, CLASSES, 7).get(0).getFeatures();
        ComputationGraph copy = new ComputationGraph(fromJson);
        copy.init(retrain.params().dup(), false);
        assertThat(copy.getLayer("stem_conv")).isInstanceOf(FrozenLayer.class);
        assertThat(copy.getVertex("stage1_block1_add")).isInstanceOf(FrozenVertex.class);
        assertThat(copy.getLayer("stage3_block2_conv1")).isInstanceOf(FrozenConvolutionLayer.class);
        assertThat(copy.outputSingle(true, x)).isEqualTo(retrain.outputSingle(true, x));

        ComputationGraph plain = LayerFreezing.unwrap(retrain);
        assertThat(plain.getVertex("stage1_block1_add")).isNotInstanceOf(FrozenVertex.class);
        assertThat(plain.getLayer("stem_conv")).isNotInstanceOf(FrozenLayer.class);
        assertThat(plain.outputSingle(false, x)).isEqualTo(trained.outputSingle(false, x));
    }

    @Test
    void backpropReachesExactlyTheVerticesDownstreamOfATrainedLayer() {
        ComputationGraphConfiguration spy = spyNet(8, 8).getConfiguration();
        assertThat(BackpropReach.of(spy, Set.of("conv2"))).containsExactlyInAnyOrder("conv2", "bn2", "count2", "relu2", "conv3",
                "bn3", "relu3", "gap", "out");
        assertThat(BackpropReach.of(spy, Set.of("out"))).containsExactly("out");
        ComputationGraphConfiguration resnet = Models.configuration(ModelKind.RESNET20, IN, CLASSES, new Sgd(0.1), 1,
                WeightDecay.NONE);
        Set<String> reached = BackpropReach.of(resnet, Set.of("stage2_block1_conv1"));
        assertThat(reached).contains("stage2_block1_add", "stage3_block3_relu", "fc")
                .doesNotContain("stage2_block1_shortcut_pad", "stage1_block3_relu", "stem_conv");
    }

    /** Three identical steps on both graphs: trained parameters agree, frozen ones keep the trained values exactly. */
    private static void assertTrainsAsFullBackprop(ComputationGraph trained, ComputationGraph retrain) {
        Map<String, double[]> before = RetrainNets.snapshot(trained);
        ComputationGraph full = FullBackprop.of(retrain);
        for (DataSet b : batches(3, 8, IN, CLASSES, 2)) {
            retrain.fit(b);
            full.fit(b);
        }
        Map<String, double[]> skipping = RetrainNets.snapshot(retrain);
        Map<String, double[]> reference = RetrainNets.snapshot(full);
        Set<String> trainedLayers = new TreeSet<>(TrainableLayers.paramCounts(trained).keySet());
        trainedLayers.removeIf(l -> LayerFreezing.isFrozen(retrain, l));
        Set<String> changed = new TreeSet<>();
        for (String key : RetrainNets.changed(skipping, before)) {
            changed.add(key.substring(0, key.indexOf('/')));
        }
        assertThat(changed).isEqualTo(trainedLayers);
        for (String key : skipping.keySet()) {
            double[] s = skipping.get(key);
            double[] r = reference.get(key);
            double scale = 0;
            double diff = 0;
            for (int i = 0; i < s.length; i++) {
                scale = Math.max(scale, Math.abs(r[i]));
                diff = Math.max(diff, Math.abs(s[i] - r[i]));
            }
            assertThat(diff).as(key).isLessThanOrEqualTo(1e-5 * Math.max(1, scale));
        }
    }

    private static INDArray gradientWithNanPlanted(ComputationGraph net, DataSet batch) {
        net.setInputs(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.computeGradientAndScore(); // sets up the gradient views
        INDArray view = ((FrozenLayerWithBackprop) net.getLayer("conv3")).getInsideLayer().getGradientsViewArray();
        view.assign(Double.NaN);
        net.computeGradientAndScore();
        return view;
    }

    /** A network of {@code kind} on 3x8x8 inputs with weight decay, trained two steps (running statistics moved). */
    private static ComputationGraph trainedNet(ModelKind kind, ActivationFormat format) {
        ComputationGraph net = Models.build(kind, IN, CLASSES, new Nesterovs(0.05, 0.9), 3, new WeightDecay(5e-4),
                format);
        for (DataSet b : batches(2, 8, IN, CLASSES, 1)) {
            net.fit(b);
        }
        return net;
    }

    private static Set<String> layersOf(ComputationGraph net, String... groups) {
        Map<String, List<String>> all = LayerGroups.of(net);
        Set<String> layers = new TreeSet<>();
        for (String g : groups) {
            layers.addAll(all.get(g));
        }
        return layers;
    }

    /**
     * in - conv1 - count1 - bn1 - relu1 - conv2 - bn2 - count2 - relu2 - conv3 - bn3 - relu3 - gap - out on 3-channel
     * inputs, convolutions as critdamp builds them (3x3, padding 1, identity activation, no bias), spies
     * ({@link CountingIdentity}) below and above conv2.
     */
    private static ComputationGraph spyNet(int height, int width) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(4)
                .dataType(DataType.FLOAT).updater(new Sgd(0.1)).weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Truncate).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(height, width, 3));
        String x = "in";
        for (int i = 1; i <= 3; i++) {
            g.addLayer("conv" + i, new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(4).hasBias(false)
                    .activation(Activation.IDENTITY).build(), x);
            x = "conv" + i;
            if (i == 1) {
                g.addLayer("count1", new CountingIdentity("count1"), x);
                x = "count1";
            }
            g.addLayer("bn" + i, new BatchNormalization.Builder().build(), x);
            x = "bn" + i;
            if (i == 2) {
                g.addLayer("count2", new CountingIdentity("count2"), x);
                x = "count2";
            }
            g.addLayer("relu" + i, new ActivationLayer.Builder().activation(Activation.RELU).build(), x);
            x = "relu" + i;
        }
        g.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), x)
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "gap")
                .setOutputs("out");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    /** {@code n} minibatches of uniform random images and random one-hot labels. */
    private static List<DataSet> batches(int n, int size, InputShape in, int classes, long seed) {
        Nd4j.getRandom().setSeed(seed);
        List<DataSet> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, size, in.channels(), in.height(), in.width());
            INDArray y = Nd4j.zeros(DataType.FLOAT, size, classes);
            for (int r = 0; r < size; r++) {
                y.putScalar(r, Nd4j.getRandom().nextInt(classes), 1.0);
            }
            out.add(new DataSet(x, y));
        }
        return out;
    }
}
