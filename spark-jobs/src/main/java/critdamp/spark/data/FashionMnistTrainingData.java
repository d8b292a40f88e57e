package critdamp.spark.data;

import critdamp.config.DataSpec;
import critdamp.config.TrainConfig;
import critdamp.data.FashionMnist;
import critdamp.train.RoundPlan;
import critdamp.train.Seeds;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

/**
 * Fashion-MNIST as Spark RDDs for distributed training, with the same semantics as {@link CifarTrainingData}: the
 * first {@code data.maxTrainRecords} training images are split into training and validation by
 * {@link Seeds#isValidation}{@code (seed, 0, image, fraction)} (independent of the number of workers), the training
 * images are dealt into {@code spark.workers} contiguous blocks (sizes differ by at most one), one cached partition
 * per worker, and each round's minibatches are cut on the executor in the (seed, epoch, worker) order of
 * {@link Seeds#epochOrder}, as the {@link RoundPlan} says. The test set is the first {@code data.maxTestRecords}
 * test images. Never augmented (pad-crop-flip is CIFAR-10 only).
 *
 * <p>The files are small (47 MB in all), so the driver reads them (from any Hadoop file system) and checks their idx
 * headers and labels; the per-partition pieces reach the executors as one broadcast, not inside every task.
 */
public final class FashionMnistTrainingData extends CachedTrainingData<FashionMnistTrainingData.Block> {
    private static final Logger LOG = LoggerFactory.getLogger(FashionMnistTrainingData.class);
    private static final AtomicBoolean AUGMENT_NOTED = new AtomicBoolean();

    private final Broadcast<Parts> parts;
    private final int batchSize;
    private final long seed;

    /** One worker's training images for the whole run, with their indices in the training file. */
    record Block(int worker, int[] fileIndices, FashionMnist images) implements Serializable {
    }

    /** Every partition's share: training blocks, validation and test pieces (indexed by partition). */
    private record Parts(Block[] train, FashionMnist[] validation, FashionMnist[] test) implements Serializable {
    }

    private FashionMnistTrainingData(Broadcast<Parts> parts, JavaRDD<Block> blocks, JavaRDD<DataSet> test,
                                     JavaRDD<DataSet> validation, int[] blockSizes, long validationSize,
                                     int batchSize, long seed) {
        super(blocks, test, validation, blockSizes, validationSize);
        this.parts = parts;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    /** The directory a config reads from: {@code data.dir}, else {@link FashionMnist#DEFAULT_DIR}. */
    public static String directory(DataSpec spec) {
        return spec.dir() != null ? spec.dir() : FashionMnist.DEFAULT_DIR;
    }

    /** The two splits read and checked on the driver, and where they came from (for provenance). */
    public record Files(String directory, FashionMnist train, FashionMnist test) {
        /** Reads both splits from {@code dir} (any Hadoop URI or local path); a missing file fails by name. */
        public static Files read(Configuration conf, String dir) {
            try {
                return new Files(dir, FashionMnist.train(conf, dir), FashionMnist.test(conf, dir));
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }

        /** For provenance: where the data is and how it was checked. */
        public Map<String, String> describe() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("dataset", "fashion_mnist");
            m.put("directory", directory);
            m.put("trainRecords", String.valueOf(train.size()));
            m.put("testRecords", String.valueOf(test.size()));
            m.put("verification", "idx headers, lengths and labels checked");
            return m;
        }
    }

    /** Reads the configured directory and loads it as {@link #load(JavaSparkContext, TrainConfig, Files)}. */
    public static FashionMnistTrainingData load(JavaSparkContext sc, TrainConfig cfg) {
        return load(sc, cfg, Files.read(sc.hadoopConfiguration(), directory(cfg.data())));
    }

    public static FashionMnistTrainingData load(JavaSparkContext sc, TrainConfig cfg, Files files) {
        int workers = cfg.spark().workers();
        int batch = cfg.training().batchSize();
        long seed = cfg.run().seed();
        DataSpec data = cfg.data();
        if (data.augment() && AUGMENT_NOTED.compareAndSet(false, true)) {
            LOG.info("data.augment: pad-crop-flip augmentation is CIFAR-10 only; Fashion-MNIST trains unaugmented");
        }
        int used = limit(files.train().size(), data.maxTrainRecords());
        List<Integer> train = new ArrayList<>(used);
        List<Integer> val = new ArrayList<>();
        for (int i = 0; i < used; i++) {
            (Seeds.isValidation(seed, 0, i, data.validationFraction()) ? val : train).add(i);
        }
        if (train.size() < workers) {
            throw new IllegalArgumentException(files.directory() + ": " + train.size() + " training records for "
                    + workers + " workers (spark.workers)");
        }
        int[][] trainBlocks = deal(train.stream().mapToInt(Integer::intValue).toArray(), workers);
        Block[] blockArr = new Block[workers];
        int[] blockSizes = new int[workers];
        for (int w = 0; w < workers; w++) {
            blockArr[w] = new Block(w, trainBlocks[w], files.train().subset(trainBlocks[w]));
            blockSizes[w] = trainBlocks[w].length;
        }
        FashionMnist[] valArr = pieces(files.train(), val.stream().mapToInt(Integer::intValue).toArray(), workers);
        int testCount = limit(files.test().size(), data.maxTestRecords());
        FashionMnist[] testArr = pieces(files.test(), IntStream.range(0, testCount).toArray(), workers);

        Broadcast<Parts> parts = sc.broadcast(new Parts(blockArr, valArr, testArr));
        List<Integer> partitions = IntStream.range(0, workers).boxed().toList();
        JavaRDD<Block> blocks = sc.parallelize(partitions, workers)
                .map(w -> parts.value().train()[w])
                .persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<DataSet> test = sc.parallelize(partitions, workers)
                .flatMap(w -> parts.value().test()[w].toDataSets(batch, -1).iterator())
                .persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<DataSet> validation = sc.parallelize(partitions, workers)
                .flatMap(w -> parts.value().validation()[w].toDataSets(batch, -1).iterator())
                .persist(StorageLevel.MEMORY_AND_DISK());
        // Materialise the caches now, then drop the executors' broadcast copies (the driver keeps one, in case a
        // cached partition is lost and has to be recomputed).
        blocks.count();
        test.count();
        validation.count();
        parts.unpersist(false);
        return new FashionMnistTrainingData(parts, blocks, test, validation, blockSizes, val.size(), batch, seed);
    }

    /** Records to use of {@code available}: all, or at most {@code max}. */
    private static int limit(int available, Integer max) {
        return max == null ? available : Math.min(max, available);
    }

    /** The images {@code indices} of {@code source}, {@link #deal dealt} into {@code k} contiguous pieces. */
    private static FashionMnist[] pieces(FashionMnist source, int[] indices, int k) {
        return Arrays.stream(deal(indices, k)).map(source::subset).toArray(FashionMnist[]::new);
    }

    /** Cuts {@code items} into {@code k} contiguous runs, in order, whose sizes differ by at most one. */
    static int[][] deal(int[] items, int k) {
        int[][] out = new int[k][];
        int base = items.length / k;
        int rem = items.length % k;
        int from = 0;
        for (int w = 0; w < k; w++) {
            int n = base + (w < rem ? 1 : 0);
            out[w] = Arrays.copyOfRange(items, from, from + n);
            from += n;
        }
        return out;
    }

    /** The training-file indices each worker's cached partition holds, read back from the executors (tests). */
    int[][] blockFileIndices() {
        int[][] out = new int[blockSizes().length][];
        for (Block b : blocks.collect()) {
            out[b.worker()] = b.fileIndices();
        }
        return out;
    }

    @Override
    public JavaRDD<DataSet> roundBatches(int epoch, int round, RoundPlan plan) {
        final long runSeed = seed;
        final int batch = batchSize;
        return blocks.mapPartitions(it -> {
            if (!it.hasNext()) {
                return Collections.emptyIterator();
            }
            Block b = it.next();
            int[] order = Seeds.epochOrder(runSeed, epoch, b.worker(), b.images().size());
            int from = plan.from(b.worker(), round);
            int to = plan.to(b.worker(), round);
            return b.images().toDataSets(Arrays.copyOfRange(order, from, to), batch).iterator();
        }, true);
    }

    @Override
    public void release() {
        super.release();
        parts.destroy(false);
    }
}
