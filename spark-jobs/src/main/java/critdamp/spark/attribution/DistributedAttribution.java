package critdamp.spark.attribution;

import java.util.Iterator;

import critdamp.attribution.EngineGradientProbe;
import critdamp.attribution.GradientProbe;
import critdamp.attribution.LayerAttribution;
import critdamp.attribution.LayerGradientSums;
import critdamp.engine.TrainableModel;
import critdamp.optim.OptimizerSpec;
import critdamp.spark.executor.DataSetBatches;
import critdamp.spark.executor.EngineSnapshot;
import critdamp.spark.executor.GraphSnapshot;
import critdamp.spark.executor.ModelBroadcast;
import critdamp.spark.executor.WorkingModels;
import critdamp.spark.rdd.OrderedTreeAggregate;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-layer gradient attribution over an RDD of minibatches: the model is shipped to the executors
 * ({@link ModelBroadcast}), each partition rebuilds it once as a probe and sums the per-example gradients of its
 * misclassified and correctly classified examples ({@link LayerGradientSums}), and the partial sums are merged in
 * Spark's aggregation tree, in partition order ({@link OrderedTreeAggregate}: the same scores whatever order the tasks
 * finish in). A DL4J graph travels as a {@link GraphSnapshot} and becomes a {@link GradientProbe}; another engine's
 * model (the torch engine's) travels as an {@link EngineSnapshot}, each partition leases an executor's working model
 * of it ({@link WorkingModels}) and probes it through the engine contract ({@link EngineGradientProbe}). Both give
 * the same sums, so the same attribution, for the same values.
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
            return logged(merged, batches, snapshot.sizeBytes(), treeDepth, t0, t1);
        }
    }

    /**
     * The attribution of an engine-contract {@code model} (the torch engine's) over {@code batches}: as
     * {@link #compute(JavaSparkContext, JavaRDD, ComputationGraph, int)}, on the executors' working models.
     *
     * @param optimizer the run's optimizer (names the working models' network; attribution trains nothing)
     */
    public static LayerAttribution compute(JavaSparkContext sc, JavaRDD<DataSet> batches, TrainableModel model,
                                           OptimizerSpec optimizer, int treeDepth) {
        return LayerAttribution.of(sums(sc, batches, model, optimizer, treeDepth));
    }

    /**
     * The merged gradient sums of an engine-contract {@code model} over all minibatches of {@code batches}.
     *
     * @throws IllegalArgumentException if treeDepth < 1, a group of the model is frozen, or the RDD holds no examples
     */
    public static LayerGradientSums sums(JavaSparkContext sc, JavaRDD<DataSet> batches, TrainableModel model,
                                         OptimizerSpec optimizer, int treeDepth) {
        if (treeDepth < 1) {
            throw new IllegalArgumentException("treeDepth = " + treeDepth + ": must be >= 1");
        }
        EngineGradientProbe.requireNoFrozenGroup(model); // here, not only on an executor: one line, no Spark trace
        long t0 = System.nanoTime();
        EngineSnapshot snapshot = EngineSnapshot.of(model, optimizer, false);
        try (ModelBroadcast<EngineSnapshot, WorkingModels.Lease> shipped = ModelBroadcast.of(sc, snapshot,
                WorkingModels::acquire)) {
            long t1 = System.nanoTime();
            LayerGradientSums merged = shipped.sumOver(batches, DistributedAttribution::leasedPartitionSums,
                    LayerGradientSums.identity(), LayerGradientSums::merge, treeDepth);
            return logged(merged, batches, snapshot.valueBytes(), treeDepth, t0, t1);
        }
    }

    /** Checks that something was seen and logs what it cost. */
    private static LayerGradientSums logged(LayerGradientSums merged, JavaRDD<DataSet> batches, long bytes,
                                            int treeDepth, long t0, long t1) {
        long t2 = System.nanoTime();
        if (merged.isIdentity()) {
            throw new IllegalArgumentException("the RDD holds no minibatches: nothing to attribute");
        }
        LOG.info("attribution: {} misclassified, {} correct over {} partitions; broadcast {} KiB in {} ms, "
                        + "compute + ordered tree aggregate (depth {}) {} ms", merged.misclassifiedCount(),
                merged.correctCount(), batches.getNumPartitions(), bytes / 1024, (t1 - t0) / 1_000_000, treeDepth,
                (t2 - t1) / 1_000_000);
        return merged;
    }

    /** One partition on an executor's working model, given back afterwards. */
    static LayerGradientSums leasedPartitionSums(WorkingModels.Lease lease, Iterator<DataSet> batches) {
        try {
            EngineGradientProbe probe = EngineGradientProbe.of(lease.model());
            LayerGradientSums sums = LayerGradientSums.emptyFor(probe);
            while (batches.hasNext()) {
                sums.add(probe, DataSetBatches.of(batches.next()));
            }
            return sums;
        } finally {
            WorkingModels.release(lease);
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
