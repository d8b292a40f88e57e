package critdamp.spark.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import critdamp.attribution.EngineGradientProbe;
import critdamp.attribution.LayerAttribution;
import critdamp.attribution.LayerGradientSums;
import critdamp.attribution.LayerScore;
import critdamp.engine.Batch;
import critdamp.engine.EngineKind;
import critdamp.engine.NetworkSpec;
import critdamp.engine.TrainableModel;
import critdamp.model.InputShape;
import critdamp.model.ModelKind;
import critdamp.optim.OptimizerKind;
import critdamp.optim.OptimizerSpec;
import critdamp.spark.executor.DataSetBatches;
import critdamp.spark.executor.Engines;
import critdamp.spark.testing.SharedSpark;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Attribution of a torch-engine model on the executors ({@link DistributedAttribution} with an engine-contract model):
 * the partitions' sums, merged in partition order, equal the single-machine sums over the same minibatches whatever
 * the number of partitions (empty ones included), the scores and their ranking are the same, the driver's model is
 * not changed, and a model with frozen groups is refused.
 */
@ExtendWith(SharedSpark.class)
class TorchDistributedAttributionTest {
    private static final OptimizerSpec OPTIMIZER = new OptimizerSpec(OptimizerKind.HEAVY_BALL, 5e-4);
    private static JavaSparkContext sc;
    private static TrainableModel model;
    private static List<DataSet> batches;

    @BeforeAll
    static void start(JavaSparkContext spark) {
        sc = spark;
        NetworkSpec spec = new NetworkSpec(ModelKind.SMALL_CNN, InputShape.CIFAR10, 10);
        model = Engines.of(EngineKind.TORCH).build(spec, OPTIMIZER, 5);
        batches = randomBatches(6, 12, 3);
        List<Batch> some = batches.subList(0, 3).stream().map(DataSetBatches::of).toList();
        for (int pass = 0; pass < 3; pass++) {
            model.train(some, 0.05, 0.5); // a little fitting: both sets non-empty
        }
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void onePartitionEqualsThreeSixteenAndTheSingleMachineResult() {
        LayerGradientSums one = DistributedAttribution.sums(sc, sc.parallelize(batches, 1), model, OPTIMIZER, 2);
        LayerGradientSums three = DistributedAttribution.sums(sc, sc.parallelize(batches, 3), model, OPTIMIZER, 3);
        LayerGradientSums sixteen = DistributedAttribution.sums(sc, sc.parallelize(batches, 16), model, OPTIMIZER, 2);
        EngineGradientProbe probe = EngineGradientProbe.of(model);
        LayerGradientSums local = LayerGradientSums.emptyFor(probe);
        batches.forEach(b -> local.add(probe, DataSetBatches.of(b)));

        assertThat(one.misclassifiedCount()).isPositive();
        assertThat(one.correctCount()).isPositive();
        assertThat(one.misclassifiedCount() + one.correctCount()).isEqualTo(6 * 12);
        for (LayerGradientSums other : List.of(three, sixteen, local)) {
            assertThat(other.misclassifiedCount()).isEqualTo(one.misclassifiedCount());
            assertThat(other.correctCount()).isEqualTo(one.correctCount());
            assertThat(other.layerCount()).isEqualTo(one.layerCount()).isEqualTo(11);
            for (int l = 0; l < one.layerCount(); l++) {
                assertThat(other.layerName(l)).isEqualTo(one.layerName(l));
                assertThat(other.paramNorm(l)).isEqualTo(one.paramNorm(l));
                assertThat(relativeError(other.misclassifiedSum(l), one.misclassifiedSum(l))).isLessThan(1e-12);
                assertThat(relativeError(other.correctSum(l), one.correctSum(l))).isLessThan(1e-12);
            }
        }
        LayerAttribution a1 = LayerAttribution.of(one);
        LayerAttribution a3 = DistributedAttribution.compute(sc, sc.parallelize(batches, 3), model, OPTIMIZER, 2);
        assertThat(a3.ranked()).extracting(LayerScore::name)
                .containsExactlyElementsOf(a1.ranked().stream().map(LayerScore::name).toList());
        for (int l = 0; l < a1.layers().size(); l++) {
            assertThat(a3.layers().get(l).score()).isCloseTo(a1.layers().get(l).score(),
                    org.assertj.core.data.Percentage.withPercentage(1e-9));
        }
    }

    @Test
    void leavesTheDriverModelUntouchedAndRefusesFrozenGroups() {
        float[] values = model.parameters();
        float[] state = model.optimizerState();
        DistributedAttribution.sums(sc, sc.parallelize(batches, 2), model, OPTIMIZER, 1);
        assertThat(model.parameters()).isEqualTo(values);
        assertThat(model.optimizerState()).isEqualTo(state);

        try (TrainableModel frozen = Engines.of(EngineKind.TORCH).build(model.network(), OPTIMIZER, 1)) {
            frozen.freeze(Set.of("fc"));
            assertThatThrownBy(() -> DistributedAttribution.sums(sc, sc.parallelize(batches, 2), frozen, OPTIMIZER, 2))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[fc] are frozen");
        }
        assertThatThrownBy(() -> DistributedAttribution.sums(sc, sc.parallelize(List.<DataSet>of(), 2), model,
                OPTIMIZER, 2)).hasMessageContaining("nothing to attribute");
    }

    /** Gaussian CIFAR-shaped images, one-hot labels. */
    private static List<DataSet> randomBatches(int count, int size, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<DataSet> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            float[] x = new float[size * 3 * 32 * 32];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rng.nextGaussian();
            }
            INDArray labels = Nd4j.zeros(DataType.FLOAT, size, 10);
            for (int i = 0; i < size; i++) {
                labels.putScalar(i, rng.nextInt(10), 1.0);
            }
            out.add(new DataSet(Nd4j.create(x, new long[] {size, 3, 32, 32}, 'c'), labels));
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
        return Math.sqrt(diff) / Math.sqrt(norm);
    }
}
