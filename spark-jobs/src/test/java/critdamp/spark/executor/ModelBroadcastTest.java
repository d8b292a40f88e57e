package critdamp.spark.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import critdamp.spark.testing.SharedSpark;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The shipped model on {@code local[2]}, where tasks run in the driver's JVM and get the driver's broadcast object
 * itself: each partition must work on a copy of its own, and what the partitions sum must be what one machine
 * computes. The network has a batch-norm layer, whose running statistics are parameters that training changes in
 * place.
 */
@ExtendWith(SharedSpark.class)
class ModelBroadcastTest {
    private static final int INPUTS = 5;
    private static final int CLASSES = 3;

    @Test
    void partitionsTrainTheirOwnCopiesOfTheSnapshotAndNeverTheDriversModel(JavaSparkContext sc) {
        ComputationGraph model = net(3);
        List<DataSet> batches = batches(8, 10, 4);
        INDArray shippedParams = model.params().dup();
        try (ModelBroadcast<GraphSnapshot, ComputationGraph> shipped = ModelBroadcast.of(sc,
                GraphSnapshot.of(model), GraphSnapshot::network)) {
            model.fit(batches.get(0)); // the driver goes on training after shipping: the tasks must not see it
            INDArray driverParams = model.params().dup();
            assertThat(driverParams.equalsWithEps(shippedParams, 1e-6)).as("the driver's step changed its model")
                    .isFalse();

            // 4 partitions on 2 task threads: each thread runs two, one after the other
            List<double[]> startEnd = shipped.sumOver(sc.parallelize(batches, 4),
                    ModelBroadcastTest::trainAndReport, new ArrayList<>(), ModelBroadcastTest::concat, 1);

            assertThat(startEnd).hasSize(2 * 4);
            for (int p = 0; p < startEnd.size(); p += 2) {
                assertThat(startEnd.get(p)).as("partition %d started from the snapshot", p / 2)
                        .containsExactly(shippedParams.toDoubleVector());
                assertThat(startEnd.get(p + 1)).as("partition %d trained its copy", p / 2)
                        .isNotEqualTo(startEnd.get(p));
            }
            assertThat(model.params().equals(driverParams)).as("the driver's parameters after the tasks").isTrue();
        }
    }

    @Test
    void summedPartitionResultsEqualTheSingleMachineComputation(JavaSparkContext sc) {
        ComputationGraph model = net(5);
        List<DataSet> batches = batches(7, 9, 6);
        for (DataSet b : batches.subList(0, 3)) {
            model.fit(b); // batch-norm statistics away from their initial values
        }
        DataSet all = DataSet.merge(batches);
        double[] expected = model.outputSingle(false, all.getFeatures()).sum(0).toDoubleVector();

        try (ModelBroadcast<GraphSnapshot, ComputationGraph> shipped = ModelBroadcast.of(sc,
                GraphSnapshot.of(model), GraphSnapshot::network)) {
            // more partitions than minibatches (empty ones contribute nothing), and a tree of two levels
            for (int partitions : List.of(1, 3, 12)) {
                double[] summed = shipped.sumOver(sc.parallelize(batches, partitions),
                        ModelBroadcastTest::summedOutputs, new double[CLASSES], ModelBroadcastTest::add, 2);
                for (int c = 0; c < CLASSES; c++) {
                    assertThat(summed[c]).as("class %d over %d partitions", c, partitions)
                            .isCloseTo(expected[c], within(1e-9 * all.numExamples()));
                }
            }
            double[] zero = new double[CLASSES];
            assertThat(shipped.sumOver(sc.parallelize(List.<DataSet>of(), 2), ModelBroadcastTest::summedOutputs,
                    zero, ModelBroadcastTest::add, 2)).as("nothing to sum: zero").isSameAs(zero);
        }
    }

    @Test
    void theSnapshotSurvivesKryoAndJavaSerialization(JavaSparkContext sc) {
        ComputationGraph model = net(7);
        model.fit(batches(1, 10, 8).get(0));
        GraphSnapshot snapshot = GraphSnapshot.of(model);
        for (SerializerInstance ser : List.of(new KryoSerializer(sc.getConf()).newInstance(),
                new JavaSerializer(sc.getConf()).newInstance())) {
            ClassTag<GraphSnapshot> tag = ClassTag$.MODULE$.apply(GraphSnapshot.class);
            ComputationGraph rebuilt = ser.deserialize(ser.serialize(snapshot, tag), tag).network();
            assertThat(rebuilt.params().dataType()).isEqualTo(DataType.DOUBLE);
            assertThat(rebuilt.params().equals(model.params())).isTrue();
            assertThat(rebuilt.getConfiguration().toJson()).isEqualTo(model.getConfiguration().toJson());
        }
    }

    /** The partition's parameters before and after training its copy on every minibatch. */
    private static List<double[]> trainAndReport(ComputationGraph network, Iterator<DataSet> batches) {
        double[] start = network.params().toDoubleVector();
        batches.forEachRemaining(network::fit);
        return new ArrayList<>(List.of(start, network.params().toDoubleVector()));
    }

    private static List<double[]> concat(List<double[]> a, List<double[]> b) {
        a.addAll(b);
        return a;
    }

    /** The partition's softmax outputs summed over its examples, per class. */
    private static double[] summedOutputs(ComputationGraph network, Iterator<DataSet> batches) {
        double[] sum = new double[CLASSES];
        while (batches.hasNext()) {
            add(sum, network.outputSingle(false, batches.next().getFeatures()).sum(0).toDoubleVector());
        }
        return sum;
    }

    private static double[] add(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return a;
    }

    /** dense(8) - batch norm - softmax(3), double precision. */
    private static ComputationGraph net(long seed) {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.DOUBLE).updater(new Sgd(0.1)).activation(Activation.TANH).graphBuilder()
                .addInputs("in").setInputTypes(InputType.feedForward(INPUTS))
                .addLayer("dense", new DenseLayer.Builder().nOut(8).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().build(), "dense")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build(), "bn")
                .setOutputs("out").build());
        net.init();
        return net;
    }

    /** {@code count} minibatches of {@code size} random examples, class = arg-max of the first three features. */
    private static List<DataSet> batches(int count, int size, long seed) {
        Random rnd = new Random(seed);
        List<DataSet> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            double[] features = new double[size * INPUTS];
            double[] labels = new double[size * CLASSES];
            for (int e = 0; e < size; e++) {
                int best = 0;
                for (int i = 0; i < INPUTS; i++) {
                    features[e * INPUTS + i] = rnd.nextGaussian();
                    if (i < CLASSES && features[e * INPUTS + i] > features[e * INPUTS + best]) {
                        best = i;
                    }
                }
                labels[e * CLASSES + best] = 1;
            }
            out.add(new DataSet(Nd4j.create(features, new long[] {size, INPUTS}),
                    Nd4j.create(labels, new long[] {size, CLASSES})));
        }
        return out;
    }
}
