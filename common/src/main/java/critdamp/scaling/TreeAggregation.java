package critdamp.scaling;

import critdamp.base.Check;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of Spark's {@code RDD.treeAggregate(zero, seqOp, combOp, depth)} over {@code partitions} partial results,
 * computed exactly as Spark 3.5 does: {@code scale = max(ceil(partitions^(1/depth)), 2)}; while
 * {@code n > scale + ceil(n / scale)} a shuffle level cuts {@code n} to {@code n / scale} (integer division), each
 * reducer combining {@code ceil(n_before / n_after)} partials; the driver then receives and combines the remaining
 * {@code n} partials. critdamp's parameter averaging and attribution merge in this shape (in partition order, the
 * Spark jobs' {@code OrderedTreeAggregate}) with {@code spark.aggregationDepth} (default 2, as DL4J's
 * {@code aggregationDepth}); one partial is one worker's parameters (and updater state), so every partial is the same
 * size.
 *
 * @param partitions partial results, one per worker (>= 1)
 * @param depth      the suggested tree depth (>= 1)
 */
public record TreeAggregation(int partitions, int depth) {
    public TreeAggregation {
        Check.positive("partitions", partitions);
        Check.positive("depth", depth);
    }

    /** Partials each reducer of each intermediate (executor-side) level combines, in order; empty when none. */
    public List<Integer> levelFanIns() {
        List<Integer> counts = partialCounts();
        List<Integer> fanIns = new ArrayList<>();
        for (int i = 1; i < counts.size(); i++) {
            fanIns.add((counts.get(i - 1) + counts.get(i) - 1) / counts.get(i));
        }
        return fanIns;
    }

    /** Partials the driver receives and combines at the end. */
    public int driverFanIn() {
        List<Integer> counts = partialCounts();
        return counts.get(counts.size() - 1);
    }

    /**
     * Partials received one after another on the slowest path to the driver: the reducers of a level run in parallel,
     * so each level adds its fan-in, and the driver adds its own.
     */
    public int criticalPathPartials() {
        return levelFanIns().stream().mapToInt(Integer::intValue).sum() + driverFanIn();
    }

    /**
     * The number of partials before the first level and after each level (Spark's loop, step by step): the last is
     * what the driver combines, each one before it is split into that many groups by the next level.
     */
    public List<Integer> partialCounts() {
        int scale = Math.max((int) Math.ceil(Math.pow(partitions, 1.0 / depth)), 2);
        List<Integer> counts = new ArrayList<>(List.of(partitions));
        int n = partitions;
        while (n > scale + Math.ceil((double) n / scale)) {
            n /= scale;
            counts.add(n);
        }
        return counts;
    }
}
