package critdamp.spark.rdd;

import critdamp.scaling.TreeAggregation;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Spark's {@code treeAggregate} with a fixed merge order, so that a float sum over the partitions depends on the data
 * alone.
 *
 * <p>Spark merges partial results in the order their tasks finish (on the driver, and within each executor-side
 * level), and float addition is not associative: DL4J's parameter averaging with 3 or more workers ended the same run
 * differently from run to run (the third digit of the accuracy). This aggregate has {@code treeAggregate}'s shape,
 * so its cost is the same ({@link TreeAggregation}): each partition folds its elements with {@code seqOp} from
 * {@code zero}; each executor-side level merges partial result {@code i} of {@code n} into group
 * {@code i mod (n / scale)}; the driver merges the rest. Only the order differs: every merge takes its inputs by
 * ascending partition index. A level holds its group's inputs at once (at most {@code scale + 1}), and the driver the
 * remaining ones (about {@code 2 sqrt(n)} at depth 2), where Spark's fold holds one at a time. With 1 or 2
 * partitions the result is {@code treeAggregate}'s to the bit for a commutative merge (a + b == b + a).
 */
public final class OrderedTreeAggregate {
    private OrderedTreeAggregate() {
    }

    /**
     * Folds {@code rdd} like {@code rdd.treeAggregate(zero, seqOp, combOp, depth)}, merging in partition order.
     * {@code seqOp} and {@code combOp} may update their first argument in place (Spark's aggregate style); each task
     * starts from its own deserialized copy of {@code zero}.
     *
     * @return the merged result, or {@code zero} when every partition is empty
     */
    public static <T, U> U of(JavaRDD<T> rdd, U zero, Function2<U, T, U> seqOp, Function2<U, U, U> combOp,
                              int depth) {
        JavaPairRDD<Integer, U> partial = JavaPairRDD.fromJavaRDD(rdd.mapPartitionsWithIndex((index, elements) -> {
            if (!elements.hasNext()) {
                return Collections.<Tuple2<Integer, U>>emptyIterator();
            }
            U acc = zero;
            while (elements.hasNext()) {
                acc = seqOp.call(acc, elements.next());
            }
            return List.of(new Tuple2<>(index, acc)).iterator();
        }, false));
        List<Integer> counts = new TreeAggregation(Math.max(rdd.getNumPartitions(), 1), depth).partialCounts();
        for (int groups : counts.subList(1, counts.size())) {
            partial = partial.mapToPair(p -> new Tuple2<>(p._1() % groups, p))
                    .groupByKey(new HashPartitioner(groups))
                    .mapToPair(g -> new Tuple2<>(g._1(), inOrder(g._2(), combOp)));
        }
        U merged = inOrder(partial.collect(), combOp);
        return merged == null ? zero : merged;
    }

    /** {@code partials} merged with {@code combOp} by ascending index; null when there are none. */
    private static <U> U inOrder(Iterable<Tuple2<Integer, U>> partials, Function2<U, U, U> combOp) {
        List<Tuple2<Integer, U>> sorted = new ArrayList<>();
        partials.forEach(sorted::add);
        sorted.sort(Comparator.comparing(Tuple2::_1));
        U acc = null;
        try {
            for (Tuple2<Integer, U> p : sorted) {
                acc = acc == null ? p._2() : combOp.call(acc, p._2());
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) { // Function2 declares Exception
            throw new IllegalStateException("cannot merge partial results: " + e.getMessage(), e);
        }
        return acc;
    }
}
