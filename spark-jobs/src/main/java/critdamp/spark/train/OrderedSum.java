package critdamp.spark.train;

import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.deeplearning4j.spark.impl.paramavg.aggregator.ParameterAveragingAggregationTuple;
import org.deeplearning4j.spark.impl.paramavg.aggregator.ParameterAveragingElementAddFunction;
import org.deeplearning4j.spark.impl.paramavg.aggregator.ParameterAveragingElementCombineFunction;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * The sum of the workers' parameter-averaging results (parameters, updater state, score, stats) in partition order.
 *
 * <p>Spark's {@code treeAggregate}, which DL4J's master uses, merges partial sums in the order their tasks finish, and
 * float addition is not associative: with 3 or more workers the same run ended differently from run to run (the third
 * digit of the accuracy). This sum has {@code treeAggregate}'s shape, so its cost is the same: each partition sums its
 * own results; while more than {@code scale + ceil(n / scale)} partial sums remain ({@code scale =
 * max(ceil(n^(1/depth)), 2)}), an executor-side level merges partial sum {@code i} into group {@code i mod (n /
 * scale)}; the driver merges the rest. Only the order differs: every merge takes its inputs by index, so the result
 * depends on the data alone. A level holds its group's partial sums at once (at most {@code scale + 1}), and the
 * driver the remaining ones (about {@code 2 sqrt(n)} at depth 2), where Spark's fold holds one at a time. With 1 or 2
 * workers the result is the same to the bit as {@code treeAggregate}'s (a + b == b + a).
 */
final class OrderedSum {
    private OrderedSum() {
    }

    /** The ordered sum of {@code results}; null when no partition returned a result (an empty split). */
    static ParameterAveragingAggregationTuple of(JavaRDD<ParameterAveragingTrainingResult> results, int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("aggregation depth must be >= 1, got " + depth);
        }
        JavaPairRDD<Integer, ParameterAveragingAggregationTuple> partial = JavaPairRDD.fromJavaRDD(
                results.mapPartitionsWithIndex(OrderedSum::partitionSum, true));
        int n = results.getNumPartitions();
        int scale = Math.max((int) Math.ceil(Math.pow(n, 1.0 / depth)), 2);
        while (n > scale + Math.ceil((double) n / scale)) {
            n /= scale;
            int groups = n;
            partial = partial.mapToPair(p -> new Tuple2<>(p._1() % groups, p))
                    .groupByKey(new HashPartitioner(groups))
                    .mapToPair(g -> new Tuple2<>(g._1(), merge(g._2())));
        }
        return merge(partial.collect());
    }

    /** Partition {@code index}'s results summed in their order, keyed by the index; nothing for an empty partition. */
    private static Iterator<Tuple2<Integer, ParameterAveragingAggregationTuple>> partitionSum(
            Integer index, Iterator<ParameterAveragingTrainingResult> results) throws Exception {
        ParameterAveragingElementAddFunction add = new ParameterAveragingElementAddFunction();
        ParameterAveragingAggregationTuple sum = null;
        while (results.hasNext()) {
            sum = add.call(sum, results.next());
        }
        return sum == null ? List.<Tuple2<Integer, ParameterAveragingAggregationTuple>>of().iterator()
                : List.of(new Tuple2<>(index, sum)).iterator();
    }

    /** The partial sums merged by ascending index (DL4J's combine: element-wise sums, stats and records joined). */
    static ParameterAveragingAggregationTuple merge(
            Iterable<Tuple2<Integer, ParameterAveragingAggregationTuple>> partials) {
        List<Tuple2<Integer, ParameterAveragingAggregationTuple>> sorted = new ArrayList<>();
        partials.forEach(sorted::add);
        sorted.sort(Comparator.comparing(Tuple2::_1));
        ParameterAveragingElementCombineFunction combine = new ParameterAveragingElementCombineFunction();
        ParameterAveragingAggregationTuple sum = null;
        try {
            for (Tuple2<Integer, ParameterAveragingAggregationTuple> p : sorted) {
                sum = combine.call(sum, p._2());
            }
        } catch (Exception e) { // declared by Spark's Function2; DL4J's combine only adds arrays
            throw new IllegalStateException("cannot merge the workers' results: " + e.getMessage(), e);
        }
        return sum;
    }
}
