package critdamp.spark.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import critdamp.attribution.GradientProbe;
import critdamp.attribution.LayerAttribution;
import critdamp.attribution.LayerGradientSums;
import critdamp.attribution.LayerScore;
import critdamp.attribution.TrainableLayer;
import critdamp.spark.executor.GraphSnapshot;
import critdamp.spark.testing.OwnSparkContext;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The distributed attribution against DL4J's single-machine gradients, and its independence of partitioning. Its own
 * context: Spark's Kryo serializer with ND4J's registrator, a setting fixed when a context starts.
 */
@ExtendWith(OwnSparkContext.class)
class DistributedAttributionTest {
    private static final int CLASSES = 4;
    private static JavaSparkContext sc;
    private static DataType defaultType;
    private static DataType defaultFloatType;
    private static ComputationGraph model;
    private static List<DataSet> batches;

    @BeforeAll
    static void start() {
        defaultType = Nd4j.dataType();
        defaultFloatType = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("DistributedAttributionTest")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                // Kryo with ND4J's registrator (DataSets need it): the sums and the snapshot must travel through it too
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator"));
        model = convNet(21);
        batches = quadrants(120, 12, 1.0, 21); // 10 minibatches
        for (DataSet b : batches.subList(0, 3)) {
            model.fit(b); // a little training: both sets non-empty
        }
    }

    @AfterAll
    static void restoreDataTypes() {
        Nd4j.setDefaultDataTypes(defaultType, defaultFloatType);
    }

    @Test
    void meanGradientsEqualComputeGradientAndScoreOnTheMisclassifiedAndCorrectSets() {
        LayerGradientSums sums = DistributedAttribution.sums(sc, sc.parallelize(batches, 4), model, 2);

        DataSet all = DataSet.merge(batches);
        long[] predicted = Nd4j.argMax(model.output(false, all.getFeatures())[0], 1).toLongVector();
        long[] actual = Nd4j.argMax(all.getLabels(), 1).toLongVector();
        List<Integer> wrong = new ArrayList<>();
        List<Integer> right = new ArrayList<>();
        for (int i = 0; i < predicted.length; i++) {
            (predicted[i] != actual[i] ? wrong : right).add(i);
        }
        DataSet m = all.get(wrong.stream().mapToInt(Integer::intValue).toArray());
        DataSet c = all.get(right.stream().mapToInt(Integer::intValue).toArray());
        assertThat(sums.misclassifiedCount()).isEqualTo(wrong.size()).isGreaterThan(10);
        assertThat(sums.correctCount()).isEqualTo(right.size()).isGreaterThan(10);

        List<TrainableLayer> layers = GradientProbe.of(model).layers();
        assertThat(layers).extracting(TrainableLayer::name).containsExactly("conv1", "conv2", "fc", "out");
        for (int l = 0; l < layers.size(); l++) {
            assertThat(relativeError(sums.meanMisclassifiedGradient(l), referenceMean(m, layers.get(l))))
                    .as("layer %s, misclassified", layers.get(l).name()).isLessThan(1e-10);
            assertThat(relativeError(sums.meanCorrectGradient(l), referenceMean(c, layers.get(l))))
                    .as("layer %s, correct", layers.get(l).name()).isLessThan(1e-10);
        }
    }

    @Test
    void onePartitionEqualsFourAndTheSingleMachineResult() {
        LayerGradientSums one = DistributedAttribution.sums(sc, sc.parallelize(batches, 1), model, 2);
        LayerGradientSums four = DistributedAttribution.sums(sc, sc.parallelize(batches, 4), model, 3);
        // more partitions than minibatches: the empty ones contribute nothing
        LayerGradientSums sixteen = DistributedAttribution.sums(sc, sc.parallelize(batches, 16), model, 2);
        LayerGradientSums local = LayerGradientSums.collect(model, batches.iterator());
        for (LayerGradientSums other : List.of(four, sixteen, local)) {
            assertThat(other.misclassifiedCount()).isEqualTo(one.misclassifiedCount());
            assertThat(other.correctCount()).isEqualTo(one.correctCount());
            for (int l = 0; l < one.layerCount(); l++) {
                assertThat(relativeError(other.misclassifiedSum(l), one.misclassifiedSum(l))).isLessThan(1e-12);
                assertThat(relativeError(other.correctSum(l), one.correctSum(l))).isLessThan(1e-12);
            }
        }
        LayerAttribution a1 = LayerAttribution.of(one);
        LayerAttribution a4 = DistributedAttribution.compute(sc, sc.parallelize(batches, 4), model, 2);
        assertThat(a4.ranked()).extracting(LayerScore::name)
                .containsExactlyElementsOf(a1.ranked().stream().map(LayerScore::name).toList());
        for (int l = 0; l < a1.layers().size(); l++) {
            assertThat(a4.layers().get(l).score()).isCloseTo(a1.layers().get(l).score(),
                    org.assertj.core.data.Percentage.withPercentage(1e-9));
        }
    }

    @Test
    void leavesTheDriverModelUntouched() {
        INDArray params = model.params().dup();
        INDArray updater = model.getUpdater().getStateViewArray().dup();
        DistributedAttribution.sums(sc, sc.parallelize(batches, 3), model, 1);
        assertThat(model.params().equals(params)).isTrue();
        assertThat(model.getUpdater().getStateViewArray().equals(updater)).isTrue();
    }

    @Test
    void sumsAndTheProbeSurviveKryoAndJavaSerialization() {
        SparkConf conf = sc.getConf();
        LayerGradientSums sums = LayerGradientSums.collect(model, batches.subList(0, 2).iterator());
        GraphSnapshot snapshot = GraphSnapshot.of(model);
        for (SerializerInstance ser : List.of(new KryoSerializer(conf).newInstance(),
                new JavaSerializer(conf).newInstance())) {
            LayerGradientSums back = roundTrip(ser, sums, LayerGradientSums.class);
            assertThat(back.misclassifiedCount()).isEqualTo(sums.misclassifiedCount());
            assertThat(back.correctCount()).isEqualTo(sums.correctCount());
            for (int l = 0; l < sums.layerCount(); l++) {
                assertThat(back.layerName(l)).isEqualTo(sums.layerName(l));
                assertThat(back.paramNorm(l)).isEqualTo(sums.paramNorm(l));
                assertThat(back.misclassifiedSum(l)).containsExactly(sums.misclassifiedSum(l));
                assertThat(back.correctSum(l)).containsExactly(sums.correctSum(l));
            }
            GradientProbe rebuilt = DistributedAttribution.probe(roundTrip(ser, snapshot, GraphSnapshot.class));
            assertThat(rebuilt.network().params().equals(model.params())).isTrue();
            assertThat(rebuilt.layers()).isEqualTo(GradientProbe.of(model).layers());
        }
    }

    private static <T> T roundTrip(SerializerInstance ser, T value, Class<T> type) {
        ClassTag<T> tag = ClassTag$.MODULE$.apply(type);
        return ser.deserialize(ser.serialize(value, tag), tag);
    }

    @Test
    void rejectsAnEmptyRddAndABadDepth() {
        assertThatThrownBy(() -> DistributedAttribution.sums(sc, sc.parallelize(List.<DataSet>of(), 2), model, 2))
                .hasMessageContaining("no minibatches");
        assertThatThrownBy(() -> DistributedAttribution.sums(sc, sc.parallelize(batches, 2), model, 0))
                .hasMessageContaining("treeDepth = 0");
    }

    /** DL4J's single-machine gradient of the summed loss over {@code set}, divided by its size: G_l. */
    private static double[] referenceMean(DataSet set, TrainableLayer layer) {
        ComputationGraph ref = model.clone();
        ref.setInputs(set.getFeatures());
        ref.setLabels(set.getLabels());
        ref.computeGradientAndScore();
        double[] out = new double[(int) layer.paramCount()];
        int offset = 0;
        for (String key : layer.paramKeys()) {
            INDArray g = ref.gradient().getGradientFor(layer.name() + "_" + key);
            double[] v = g.dup('c').data().asDouble();
            for (int j = 0; j < v.length; j++) {
                out[offset + j] = v[j] / set.numExamples();
            }
            offset += v.length;
        }
        return out;
    }

    private static double relativeError(double[] actual, double[] expected) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < actual.length; i++) {
            diff += (actual[i] - expected[i]) * (actual[i] - expected[i]);
            norm += expected[i] * expected[i];
        }
        return Math.sqrt(diff / norm);
    }

    /** conv1(3->6) - maxpool - conv2(6->8) - fc(16) - out(4) on 3x8x8 inputs, double precision. */
    private static ComputationGraph convNet(long seed) {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.DOUBLE).updater(new Adam(0.01)).weightInit(WeightInit.RELU)
                .activation(Activation.RELU).convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(8, 8, 3))
                .addLayer("conv1", new ConvolutionLayer.Builder(3, 3).nOut(6).build(), "in")
                .addLayer("pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
                        .stride(2, 2).build(), "conv1")
                .addLayer("conv2", new ConvolutionLayer.Builder(3, 3).nOut(8).build(), "pool")
                .addLayer("fc", new DenseLayer.Builder().nOut(16).build(), "conv2")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build(), "fc")
                .setOutputs("out").build());
        net.init();
        return net;
    }

    /** Class = the bright quadrant of a noisy 3x8x8 image; minibatches of {@code batchSize}. */
    private static List<DataSet> quadrants(int examples, int batchSize, double noise, long seed) {
        Random rnd = new Random(seed);
        List<DataSet> out = new ArrayList<>();
        for (int start = 0; start < examples; start += batchSize) {
            int n = Math.min(batchSize, examples - start);
            double[] f = new double[n * 3 * 64];
            double[] l = new double[n * CLASSES];
            for (int e = 0; e < n; e++) {
                int cls = rnd.nextInt(CLASSES);
                l[e * CLASSES + cls] = 1;
                for (int i = 0; i < 3 * 64; i++) {
                    int y = (i % 64) / 8;
                    int x = i % 8;
                    boolean bright = y / 4 == cls / 2 && x / 4 == cls % 2;
                    f[e * 3 * 64 + i] = rnd.nextGaussian() * noise + (bright ? 1 : 0);
                }
            }
            out.add(new DataSet(Nd4j.create(f, new long[] {n, 3, 8, 8}), Nd4j.create(l, new long[] {n, CLASSES})));
        }
        return out;
    }
}
