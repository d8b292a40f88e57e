package critdamp.spark.rdd;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.spark.testing.SharedSpark;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.deeplearning4j.spark.impl.paramavg.aggregator.ParameterAveragingAggregationTuple;
import org.deeplearning4j.spark.impl.paramavg.aggregator.ParameterAveragingElementAddFunction;
import org.deeplearning4j.spark.impl.paramavg.aggregator.ParameterAveragingElementCombineFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The ordered tree aggregate against float sums whose value depends on the order of addition: 1e8 + 1 == 1e8 in
 * float32 (its spacing at 1e8 is 8), so ((1e8 + 1) - 1e8) + 1 == 1 but ((1 - 1e8) + 1) + 1e8 == 0. Tasks are delayed
 * so that they finish out of partition order (the shared context runs 2 at a time).
 */
@ExtendWith(SharedSpark.class)
class OrderedTreeAggregateTest {
    private static final float[] CANCELLING = {1e8f, 1f, -1e8f, 1f};
    private static final Function2<Float, Float, Float> ADD = Float::sum;

    @Test
    void sumsInPartitionOrderWhenTheFirstPartitionFinishesLast(JavaSparkContext sc) {
        long[] firstLast = {1500, 0, 0, 0};

        assertThat(OrderedTreeAggregate.of(values(sc, CANCELLING, firstLast), 0f, ADD, ADD, 2))
                .as("((1e8 + 1) - 1e8) + 1").isEqualTo(1f);
        // Spark's treeAggregate adds the partial sums as their tasks finish (1, 2, 3, then 0)
        assertThat(values(sc, CANCELLING, firstLast).treeAggregate(0f, ADD, ADD, 2))
                .as("((1 - 1e8) + 1) + 1e8").isEqualTo(0f);
    }

    @Test
    void anExecutorSideLevelGroupsPartitionsAsSparksTreeDoes(JavaSparkContext sc) {
        // 8 partitions at depth 2: scale 3, one executor-side level of 8 / 3 = 2 groups, partition i into group i mod 2
        // ({0,2,4,6} and {1,3,5,7}), then the driver adds group 0 and group 1. Other shapes give other float sums:
        // contiguous groups ({0..3}, {4..7}) 2.75, no level 8.0.
        float[] v = {3e7f, 1.5f, -3e7f, 0.75f, 2.5f, 7e7f, 0.125f, -7e7f};
        float expected = (((v[0] + v[2]) + v[4]) + v[6]) + (((v[1] + v[3]) + v[5]) + v[7]);
        float inSequence = 0;
        for (float x : v) {
            inSequence += x;
        }
        assertThat(expected).isEqualTo(2.625f);
        assertThat(OrderedTreeAggregate.of(values(sc, v, new long[]{900, 600, 300, 0, 0, 0, 0, 0}), 0f, ADD, ADD, 2))
                .isEqualTo(expected);
        assertThat(OrderedTreeAggregate.of(values(sc, v, new long[8]), 0f, ADD, ADD, 1))
                .as("depth 1: the driver adds all 8 in order").isEqualTo(inSequence).isEqualTo(8.0f);
    }

    @Test
    void emptyPartitionsAddNothingAndAllEmptyGivesZero(JavaSparkContext sc) {
        assertThat(OrderedTreeAggregate.of(sc.parallelize(List.of(2f, 3f), 5), 0f, ADD, ADD, 2)).isEqualTo(5f);
        assertThat(OrderedTreeAggregate.of(sc.parallelize(List.<Float>of(), 3), -1f, ADD, ADD, 2)).isEqualTo(-1f);
    }

    @Test
    void dl4jsParameterAveragingResultsAddUpInOrder(JavaSparkContext sc) {
        // what critdamp's averaging master sums: DL4J's own add and combine functions, from a null zero
        JavaRDD<ParameterAveragingTrainingResult> results = sc.parallelize(List.of(0, 1, 2, 3), 4).map(i -> {
            Thread.sleep(i == 0 ? 1500 : 0);
            return new ParameterAveragingTrainingResult(Nd4j.create(new float[]{CANCELLING[i]}),
                    Nd4j.create(new float[]{0.5f}), i, null, null, null);
        });
        ParameterAveragingAggregationTuple sum = OrderedTreeAggregate.of(results, null,
                new ParameterAveragingElementAddFunction(), new ParameterAveragingElementCombineFunction(), 2);
        assertThat(sum.getAggregationsCount()).isEqualTo(4);
        assertThat(sum.getParametersSum().getFloat(0)).isEqualTo(1f);
        assertThat(sum.getUpdaterStateSum().getFloat(0)).isEqualTo(2f);
        assertThat(sum.getScoreSum()).isEqualTo(6.0);
    }

    /** One value per partition, each after its delay. */
    private static JavaRDD<Float> values(JavaSparkContext sc, float[] values, long[] delaysMs) {
        List<Integer> indices = IntStream.range(0, values.length).boxed().toList();
        return sc.parallelize(indices, values.length).map(i -> {
            Thread.sleep(delaysMs[i]);
            return values[i];
        });
    }
}
