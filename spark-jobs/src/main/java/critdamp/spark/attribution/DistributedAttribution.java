package critdamp.spark.attribution;

import java.util.Iterator;

import critdamp.attribution.GradientProbe;
import critdamp.attribution.LayerAttribution;
import critdamp.attribution.LayerGradientSums;
import critdamp.spark.executor.GraphSnapshot;
import critdamp.spark.executor.ModelBroadcast;
import critdamp.spark.rdd.OrderedTreeAggregate;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-layer gradient attribution over an RDD of minibatches: the model is shipped to the executors
 * ({@link ModelBroadcast}), each partition rebuilds it once as a {@link GradientProbe} and sums the per-example
 * gradients of its misclassified and correctly classified examples ({@link LayerGradientSums}), and the partial sums
 * are merged in Spark's aggregation tree, in partition order ({@link OrderedTreeAggregate}: the same scores whatever
 * order the tasks finish in).
 *
 * <p>Because sums and counts add, the result equals the single-machine {@link LayerAttribution#compute} over the same
 * minibatches, whatever the number of partitions (up to floating-point summation order). Each partition returns
 * 2 x (number of parameters) doubles, so {@code treeDepth} > 2 helps when there are many partitions of a large model.
 */
public final class DistributedAttribution {
    private static final Logger LOG = LoggerFactory.getLogger(DistributedAttribution.class);

    private DistributedAttribution() {
    }

    /** The attribution of {@code model} over {@code batches} (see {@link #sums}). */
    public static LayerAttribution compute(JavaSparkContext sc, JavaRDD<DataSet> batches, ComputationGraph model,
                                           int treeDepth) {
        return LayerAttribution.of(sums(sc, batches, model, treeDepth));
    }

    /**
     * The merged gradient sums of {@code model} over all minibatches of {@code batches}.
     *
     * @param treeDepth depth of the aggregation tree, as Spark's {@code treeAggregate}, >= 1 (2 is Spark's default)
     * @throws IllegalArgumentException if treeDepth < 1 or the RDD holds no examples
     */
    public static LayerGradientSums sums(JavaSparkContext sc, JavaRDD<DataSet> batches, ComputationGraph model,
                                         int treeDepth) {
        if (treeDepth < 1) {
            throw new IllegalArgumentException("treeDepth = " + treeDepth + ": must be >= 1");
        }
        long t0 = System.nanoTime();
        GraphSnapshot snapshot = GraphSnapshot.of(model);
        try (ModelBroadcast<GraphSnapshot, GradientProbe> shipped = ModelBroadcast.of(sc, snapshot,
                DistributedAttribution::probe)) {
            long t1 = System.nanoTime();
            LayerGradientSums merged = shipped.sumOver(batches, DistributedAttribution::partitionSums,
                    LayerGradientSums.identity(), LayerGradientSums::merge, treeDepth);
            long t2 = System.nanoTime();
            if (merged.isIdentity()) {
                throw new IllegalArgumentException("the RDD holds no minibatches: nothing to attribute");
            }
            LOG.info("attribution: {} misclassified, {} correct over {} partitions; broadcast {} KiB in {} ms, "
                            + "compute + ordered tree aggregate (depth {}) {} ms", merged.misclassifiedCount(),
                    merged.correctCount(), batches.getNumPartitions(), snapshot.sizeBytes() / 1024,
                    (t1 - t0) / 1_000_000, treeDepth, (t2 - t1) / 1_000_000);
            return merged;
        }
    }

    /** A partition's attribution copy of the network (dropout and weight noise off). */
    static GradientProbe probe(GraphSnapshot snapshot) {
        return GradientProbe.of(snapshot.configurationJson(), snapshot.params());
    }

    /** One partition: every minibatch added to the sums of its own probe. */
    static LayerGradientSums partitionSums(GradientProbe probe, Iterator<DataSet> batches) {
        LayerGradientSums sums = LayerGradientSums.emptyFor(probe);
        while (batches.hasNext()) {
            sums.add(probe, batches.next());
        }
        return sums;
    }
}
