package critdamp.spark.train;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.spark.testing.SharedSpark;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
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
 * The workers' results summed in partition order whatever order their tasks finish in. The values are chosen so that
 * float32 addition gives a different sum in another order: 1e8 + 1 == 1e8 (float32's spacing at 1e8 is 8), so
 * ((1e8 + 1) - 1e8) + 1 == 1 but ((1 - 1e8) + 1) + 1e8 == 0.
 */
@ExtendWith(SharedSpark.class)
class OrderedSumTest {
    private static final float[] CANCELLING = {1e8f, 1f, -1e8f, 1f};

    @Test
    void sumsInPartitionOrderWhenTheFirstPartitionFinishesLast(JavaSparkContext sc) throws Exception {
        JavaRDD<ParameterAveragingTrainingResult> results = results(sc, CANCELLING, new long[]{1500, 0, 0, 0});

        ParameterAveragingAggregationTuple ordered = OrderedSum.of(results, 2);

        assertThat(ordered.getAggregationsCount()).isEqualTo(4);
        assertThat(ordered.getParametersSum().getFloat(0)).as("((1e8 + 1) - 1e8) + 1").isEqualTo(1f);
        assertThat(ordered.getUpdaterStateSum().getFloat(0)).as("updater state, same order").isEqualTo(2f);
        assertThat(ordered.getScoreSum()).isEqualTo(6.0);
        // what DL4J's master computed: Spark's treeAggregate adds the partial sums as their tasks finish (1, 2, 3, 0)
        ParameterAveragingAggregationTuple finishOrder = results(sc, CANCELLING, new long[]{1500, 0, 0, 0})
                .treeAggregate(null, new ParameterAveragingElementAddFunction(),
                        new ParameterAveragingElementCombineFunction(), 2);
        assertThat(finishOrder.getParametersSum().getFloat(0)).as("((1 - 1e8) + 1) + 1e8").isEqualTo(0f);
    }

    @Test
    void anExecutorSideLevelMergesFixedGroupsInIndexOrder(JavaSparkContext sc) {
        // 8 partitions at depth 2: scale 3, one executor-side level of 8 / 3 = 2 groups ({0,2,4,6} and {1,3,5,7}),
        // then the driver adds group 0 and group 1; the same sum however the tasks are delayed
        float[] v = {3e7f, 1.5f, -3e7f, 0.75f, 2.5f, 7e7f, 0.125f, -7e7f};
        float group0 = ((v[0] + v[2]) + v[4]) + v[6];
        float group1 = ((v[1] + v[3]) + v[5]) + v[7];
        float expected = group0 + group1;
        float inSequence = 0;
        for (float x : v) {
            inSequence += x;
        }
        assertThat(expected).as("the values make the order matter: 2.625 vs 8.0").isEqualTo(2.625f)
                .isNotEqualTo(inSequence);
        for (long[] delays : List.of(new long[]{0, 0, 0, 0, 0, 0, 0, 0}, new long[]{900, 600, 300, 0, 0, 0, 0, 0},
                new long[]{0, 0, 0, 0, 300, 600, 900, 1200})) {
            ParameterAveragingAggregationTuple sum = OrderedSum.of(results(sc, v, delays), 2);
            assertThat(sum.getAggregationsCount()).isEqualTo(8);
            assertThat(sum.getParametersSum().getFloat(0)).as("delays %s", java.util.Arrays.toString(delays))
                    .isEqualTo(expected);
        }
    }

    @Test
    void emptyPartitionsAddNothingAndNoResultsGiveNull(JavaSparkContext sc) {
        JavaRDD<ParameterAveragingTrainingResult> some = sc.parallelize(List.of(0, 1), 4).map(i -> result(i, 2f));
        ParameterAveragingAggregationTuple sum = OrderedSum.of(some, 2);
        assertThat(sum.getAggregationsCount()).isEqualTo(2);
        assertThat(sum.getParametersSum().getFloat(0)).isEqualTo(4f);
        assertThat(OrderedSum.of(sc.parallelize(List.<Integer>of(), 3).map(i -> result(i, 1f)), 2)).isNull();
    }

    /** One result per partition: parameter {@code values[i]}, updater state 0.5 and score {@code i}, after a delay. */
    private static JavaRDD<ParameterAveragingTrainingResult> results(JavaSparkContext sc, float[] values,
                                                                     long[] delaysMs) {
        List<Integer> indices = IntStream.range(0, values.length).boxed().toList();
        return sc.parallelize(indices, values.length).map(i -> {
            Thread.sleep(delaysMs[i]);
            return result(i, values[i]);
        });
    }

    private static ParameterAveragingTrainingResult result(int index, float value) {
        return new ParameterAveragingTrainingResult(Nd4j.create(new float[]{value}),
                Nd4j.create(new float[]{0.5f}), index, null, null, null);
    }
}
