package critdamp.spark.executor;

import java.io.Serializable;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import critdamp.spark.rdd.OrderedTreeAggregate;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * A model shipped to the executors: its snapshot broadcast once, rebuilt once per partition into a working copy that
 * a function runs over the partition's elements, the partial results merged in partition order
 * ({@link OrderedTreeAggregate}: the same result whatever order the tasks finish in). Evaluation and gradient
 * attribution run this way; {@link #close()} destroys the broadcast.
 *
 * <p>Engine-neutral: the snapshot {@code S} is plain serializable data ({@link GraphSnapshot} for DL4J) and
 * {@link Rebuild} turns it into the working model {@code M} (a network, an attribution probe).
 *
 * <p><b>No aliasing.</b> In local mode Spark hands every task the very object the driver broadcast, and executors run
 * in the driver's JVM. A snapshot holding the driver's parameter array, rebuilt without a copy (DL4J's
 * {@code init(params, false)}), would let a task's in-place change to its copy (a training step, batch-norm
 * statistics, freeing the array) reach the driver's model and the partitions after it; on a cluster the same code
 * would behave differently. So a snapshot holds a copy taken when it is made, and each {@link Rebuild} must give the
 * partition arrays of its own ({@link GraphSnapshot} does both by going through bytes).
 *
 * @param <S> the snapshot that travels
 * @param <M> the working model a partition gets
 */
public final class ModelBroadcast<S extends Serializable, M> implements AutoCloseable {
    /** Makes a partition's working model from the snapshot; its arrays must be its own (see the class notes). */
    @FunctionalInterface
    public interface Rebuild<S, M> extends Serializable {
        M from(S snapshot);
    }

    /** What one non-empty partition computes with its working model: a non-null partial result. */
    @FunctionalInterface
    public interface PartitionFunction<M, T, R> extends Serializable {
        R apply(M model, Iterator<T> elements) throws Exception;
    }

    private final Broadcast<S> shared;
    private final Rebuild<S, M> rebuild;

    private ModelBroadcast(Broadcast<S> shared, Rebuild<S, M> rebuild) {
        this.shared = shared;
        this.rebuild = rebuild;
    }

    /** Broadcasts {@code snapshot}; each partition will work on {@code rebuild.from(snapshot)}. */
    public static <S extends Serializable, M> ModelBroadcast<S, M> of(JavaSparkContext sc, S snapshot,
                                                                     Rebuild<S, M> rebuild) {
        return new ModelBroadcast<>(sc.broadcast(snapshot), rebuild);
    }

    /**
     * {@code perPartition} over every non-empty partition of {@code rdd}, each with its own rebuilt model, the partial
     * results merged with {@code merge} by ascending partition index in a tree of {@code depth} (as Spark's
     * {@code treeAggregate}; 1 merges them all on the driver). {@code merge} may update its first argument in place.
     *
     * @return the merged result, or {@code zero} when every partition is empty
     */
    public <T, R> R sumOver(JavaRDD<T> rdd, PartitionFunction<M, T, R> perPartition, R zero, Function2<R, R, R> merge,
                            int depth) {
        Broadcast<S> snapshot = shared; // the task closure carries these two, not this object
        Rebuild<S, M> rebuilt = rebuild;
        JavaRDD<R> partials = rdd.mapPartitions(elements -> elements.hasNext()
                ? List.of(perPartition.apply(rebuilt.from(snapshot.value()), elements)).iterator()
                : Collections.<R>emptyIterator());
        return OrderedTreeAggregate.of(partials, zero, merge, merge, depth);
    }

    /** Destroys the broadcast on the driver and the executors. */
    @Override
    public void close() {
        shared.destroy();
    }
}
