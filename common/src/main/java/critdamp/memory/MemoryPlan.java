package critdamp.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import critdamp.config.DataSpec;
import critdamp.config.DatasetKind;
import critdamp.optim.OptimizerKind;
import critdamp.config.TrainConfig;
import critdamp.data.Cifar10Format;
import critdamp.data.Datasets;
import critdamp.engine.EngineKind;
import critdamp.model.InputShape;

/**
 * The memory one critdamp JVM needs to train a config (Spark local mode: the driver and every worker in one JVM; on a
 * cluster, an upper bound for one executor), from the sizes of its model and data rather than fixed constants:
 * <ul>
 *   <li>{@code heapBytes} for {@code -Xmx}: a base for Spark and the JVM's own objects, the training records Spark
 *       caches on the heap (sized so Spark's unified memory, 0.6 of the heap above its 300 MiB reserve, holds them),
 *       the test set the retraining stage collects on the driver, a round's broadcast model state and the attribution
 *       sums;</li>
 *   <li>{@code offHeapBytes}, ND4J's arrays outside the heap: the cached test and validation minibatches, each model
 *       replica's parameters, gradients and updater state, each worker's training workspaces (the activations of a
 *       minibatch and their gradients), and the minibatches of recent rounds the collector has not reached yet;</li>
 *   <li>{@code residentBytes}, the whole process: heap, off-heap and a native base (the JVM's metaspace, code, threads
 *       and GC tables; libnd4j, oneDNN and OpenBLAS with their buffers). The launcher passes it as JavaCPP's
 *       {@code maxphysicalbytes}: past it, JavaCPP has the JVM collect (and trims the C heap) before it allocates
 *       more, which frees the arrays of collected wrappers. ND4J's own arrays are not counted against JavaCPP's
 *       {@code maxbytes}; only this resident-memory bound keeps uncollected arrays from piling up.</li>
 * </ul>
 * <b>The torch engine</b> ({@code engine: torch}) keeps the model in libtorch, whose tensors live in libtorch's own
 * allocator: neither the heap nor JavaCPP's {@code maxbytes} sees them, only the resident bound does. Its plan moves
 * the model replicas and the training activations out of the off-heap figure into {@link Region#NATIVE} parts, and adds
 * libtorch's own footprint; ND4J's off-heap data (cached evaluation minibatches, minibatches of pending rounds) stays,
 * an upper bound whichever engine holds the data. For the torch engine the bound is a hard limit: JavaCPP refuses to
 * wrap a new libtorch tensor ({@code OutOfMemoryError: Physical memory usage is too high}) once the process is above
 * {@code maxphysicalbytes} after collecting.
 *
 * <p>The constants below are the parts that do not scale with the model or the data; they were measured on the small
 * CNN in Spark local mode (issue #16: a 4,000-image run peaked at 1.5 GB resident, 0.2 GB of it heap), the torch
 * engine's with {@code critdamp bench resident} (docs/memory.md).
 *
 * @param heapBytes     {@code -Xmx}
 * @param offHeapBytes  ND4J's arrays (JavaCPP {@code maxbytes})
 * @param residentBytes the process's resident-memory bound (JavaCPP {@code maxphysicalbytes})
 * @param parts         what each figure is made of, before rounding
 */
public record MemoryPlan(long heapBytes, long offHeapBytes, long residentBytes, List<Part> parts) {
    static final long MIB = 1L << 20;
    /** Spark's reserved heap (300 MiB, {@code UnifiedMemoryManager}) plus the JVM's, Spark's and DL4J's own objects. */
    static final long HEAP_BASE = 512 * MIB;
    /** The share of the heap above the reserve that Spark's unified memory (storage and execution) may use. */
    static final double SPARK_MEMORY_FRACTION = 0.6;
    /** A cached record's Java overhead beside its pixel bytes (object header, label, array header, list slot). */
    static final long RECORD_OVERHEAD = 48;
    /** Activations kept for backpropagation and their gradients, in a worker's training workspaces. */
    static final int WORKSPACE_COPIES = 2;
    /** Rounds of minibatches whose arrays may wait for the collector before the young generation is collected. */
    static final int PENDING_ROUNDS = 16;
    /** Replicas beyond the workers': the driver's model and the averaged parameters. */
    static final int DRIVER_REPLICAS = 2;
    /** The JVM outside the heap and the native libraries with their buffers (measured: ~0.7 GB). */
    static final long NATIVE_BASE = 768 * MIB;
    /** Figures are rounded up to a multiple of this. */
    static final long GRANULE = 256 * MIB;
    /**
     * libtorch loaded (its CPU build with oneDNN and OpenBLAS, the JNI library, JavaCPP's classes): measured 141-153
     * MiB resident on top of the JVM, where ND4J's native backend adds 69-87 MiB (docs/memory.md).
     */
    static final long LIBTORCH_LIBRARY = 160 * MIB;
    /**
     * A torch-engine model's copies of its values beside the optimizer's state: the values, their gradient and the
     * weight-decay mask of its heavy-ball step ({@code critdamp.torch.TorchHeavyBall}), one flat tensor each.
     */
    static final int TORCH_COPIES_BEYOND_UPDATER = 3;
    /**
     * What autograd keeps per activation value for the backward pass, with the gradients it computes: measured 1.6-2.3x
     * the activations of a minibatch (ResNet-20, ResNet-18, small CNN at batch 64), so 2 plus
     * {@link #TORCH_WORKER_BASE}.
     */
    static final int TORCH_ACTIVATION_COPIES = 2;
    /** Per training thread: oneDNN's primitive cache and scratch buffers, OpenMP's thread pool. */
    static final long TORCH_WORKER_BASE = 64 * MIB;

    public MemoryPlan {
        parts = List.copyOf(parts);
    }

    /**
     * Where a part lives: the Java heap ({@code -Xmx}), ND4J's off-heap arrays (JavaCPP {@code maxbytes}), or native
     * memory that only the resident bound covers (libtorch's tensors and library).
     */
    public enum Region { HEAP, OFF_HEAP, NATIVE }

    /** One term of the plan. */
    public record Part(Region region, String what, long bytes) {
    }

    /**
     * What a training run holds, in counts.
     *
     * @param model              the network's sizes
     * @param updaterStates      updater values per parameter (1 for momentum, 2 for Adam)
     * @param inputValues        values per example (channels x height x width)
     * @param classes            output classes
     * @param cachedRecords      training and validation records cached on the heap
     * @param recordBytes        bytes of one record's pixels
     * @param testExamples       test examples
     * @param validationExamples validation examples
     * @param workers            workers (model replicas trained in parallel)
     * @param batchSize          examples per worker minibatch
     * @param stepsPerRound      minibatches per worker per round (averaging frequency)
     * @param engine             the engine that trains ({@code engine})
     */
    public record Workload(ModelFootprint model, int updaterStates, long inputValues, int classes, long cachedRecords,
                           long recordBytes, long testExamples, long validationExamples, int workers, int batchSize,
                           int stepsPerRound, EngineKind engine) {
        public Workload {
            Objects.requireNonNull(engine, "engine");
        }

        /** A DL4J workload. */
        public Workload(ModelFootprint model, int updaterStates, long inputValues, int classes, long cachedRecords,
                        long recordBytes, long testExamples, long validationExamples, int workers, int batchSize,
                        int stepsPerRound) {
            this(model, updaterStates, inputValues, classes, cachedRecords, recordBytes, testExamples,
                    validationExamples, workers, batchSize, stepsPerRound, EngineKind.DL4J);
        }
    }

    /** The plan for {@code config}: its engine, model, optimizer, data set and caps, workers and batch size. */
    public static MemoryPlan of(TrainConfig config) {
        DataSpec data = config.data();
        InputShape in = Datasets.inputShape(data.dataset());
        int classes = Datasets.numClasses(data.dataset());
        long train = data.maxTrainRecords() == null ? Datasets.trainRecords(data.dataset())
                : Math.min(Datasets.trainRecords(data.dataset()), data.maxTrainRecords());
        long test = data.maxTestRecords() == null ? testRecords(data.dataset())
                : Math.min(testRecords(data.dataset()), data.maxTestRecords());
        return of(new Workload(ModelFootprint.of(config.model().kind(), in, classes),
                updaterStates(config.optimizer().kind()), in.size(), classes, train, in.size(), test,
                Math.round(train * data.validationFraction()), config.spark().workers(),
                config.training().batchSize(), config.spark().averagingFrequency(), config.engine()));
    }

    /** The plan for {@code w}: the closed forms of the class comment. */
    public static MemoryPlan of(Workload w) {
        long floats = Float.BYTES;
        long example = (w.inputValues() + w.classes()) * floats; // features and one-hot label
        long modelState = w.model().params() * floats * (1 + w.updaterStates());
        List<Part> parts = new ArrayList<>();
        parts.add(new Part(Region.HEAP, "Spark's reserve and the JVM's own objects", HEAP_BASE));
        parts.add(new Part(Region.HEAP, "training records cached by Spark",
                (long) Math.ceil(w.cachedRecords() * (w.recordBytes() + RECORD_OVERHEAD) / SPARK_MEMORY_FRACTION)));
        parts.add(new Part(Region.HEAP, "test set collected on the driver (retrain)", w.testExamples() * example));
        parts.add(new Part(Region.HEAP, "a round's broadcast model state", 2 * modelState));
        parts.add(new Part(Region.HEAP, "attribution sums", (w.workers() + 1L) * 2 * w.model().params() * Double.BYTES));
        parts.add(new Part(Region.OFF_HEAP, "test and validation minibatches (cached), test set on the driver",
                (2 * w.testExamples() + w.validationExamples()) * example));
        long replicas = w.workers() + DRIVER_REPLICAS;
        long activations = (long) w.batchSize() * w.model().activationsPerExample() * floats;
        switch (w.engine()) {
            case DL4J -> {
                parts.add(new Part(Region.OFF_HEAP, "model replicas: parameters, gradients, updater state",
                        replicas * (modelState + w.model().params() * floats)));
                parts.add(new Part(Region.OFF_HEAP, "workers' training workspaces",
                        w.workers() * activations * WORKSPACE_COPIES));
            }
            case TORCH -> {
                parts.add(new Part(Region.NATIVE, "model replicas in libtorch: values, gradients, velocity, decay mask",
                        replicas * w.model().params() * floats * (TORCH_COPIES_BEYOND_UPDATER + w.updaterStates())));
                parts.add(new Part(Region.NATIVE, "workers' activations kept for backward and their gradients, "
                        + "oneDNN and OpenMP buffers", w.workers() * (activations * TORCH_ACTIVATION_COPIES
                        + TORCH_WORKER_BASE)));
            }
        }
        parts.add(new Part(Region.OFF_HEAP, "minibatches of rounds not yet collected",
                (long) PENDING_ROUNDS * w.workers() * w.stepsPerRound() * w.batchSize() * example));
        if (w.engine() == EngineKind.TORCH) {
            parts.add(new Part(Region.NATIVE, "libtorch's libraries (measured)", LIBTORCH_LIBRARY));
        }
        long heap = roundUp(sum(parts, Region.HEAP));
        long offHeap = roundUp(sum(parts, Region.OFF_HEAP));
        return new MemoryPlan(heap, offHeap, roundUp(heap + offHeap + NATIVE_BASE + sum(parts, Region.NATIVE)), parts);
    }

    /** Native memory beyond ND4J's and the native base (libtorch's): in the resident bound only; 0 for DL4J. */
    public long nativeBytes() {
        return sum(parts, Region.NATIVE);
    }

    /**
     * What the process holds beyond the heap: the resident bound less {@code -Xmx} (ND4J's arrays, libtorch's memory
     * and the native base).
     * Spark's {@code memoryOverhead} on YARN and Kubernetes, so that the container (heap + overhead) is exactly the
     * resident bound JavaCPP is given as {@code maxphysicalbytes}.
     */
    public long overheadBytes() {
        return residentBytes - heapBytes;
    }

    /**
     * The plan that covers every one of {@code plans} (a sweep's points): the largest of each figure; the parts are
     * those of the plan with the largest resident bound.
     */
    public static MemoryPlan covering(List<MemoryPlan> plans) {
        MemoryPlan largest = plans.stream().max((a, b) -> Long.compare(a.residentBytes, b.residentBytes))
                .orElseThrow(() -> new IllegalArgumentException("no plans"));
        return new MemoryPlan(plans.stream().mapToLong(MemoryPlan::heapBytes).max().getAsLong(),
                plans.stream().mapToLong(MemoryPlan::offHeapBytes).max().getAsLong(),
                plans.stream().mapToLong(MemoryPlan::residentBytes).max().getAsLong(), largest.parts);
    }

    /** A size as the JVM and JavaCPP read it, in whole MiB: {@code 1280m}. */
    public static String jvmSize(long bytes) {
        return (bytes + MIB - 1) / MIB + "m";
    }

    /** Test records of a data set (CIFAR-10's test file, Fashion-MNIST's t10k files). */
    static long testRecords(DatasetKind kind) {
        return switch (kind) {
            case CIFAR10 -> Cifar10Format.RECORDS_PER_FILE;
            case FASHION_MNIST -> 10_000;
        };
    }

    /** Updater values per parameter: the momentum of heavy ball and Nesterov, Adam's two moments. */
    static int updaterStates(OptimizerKind kind) {
        return switch (kind) {
            case HEAVY_BALL, NESTEROV -> 1;
            case ADAM -> 2;
        };
    }

    private static long sum(List<Part> parts, Region region) {
        return parts.stream().filter(p -> p.region() == region).mapToLong(Part::bytes).sum();
    }

    private static long roundUp(long bytes) {
        return (bytes + GRANULE - 1) / GRANULE * GRANULE;
    }
}
