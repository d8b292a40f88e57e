package critdamp.spark.data;

import critdamp.config.TrainConfig;
import critdamp.data.Augmentation;
import critdamp.data.ChannelNormalization;
import critdamp.data.Cifar10Batches;
import critdamp.data.Cifar10Reader;
import critdamp.data.Cifar10Record;
import critdamp.data.Cifar10Segment;
import critdamp.data.Cifar10Shard;
import critdamp.data.Cifar10Shards;
import critdamp.train.RoundPlan;
import critdamp.train.Seeds;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * CIFAR-10 as Spark RDDs for distributed training. The driver only plans: it looks at file sizes and cuts the
 * training files into one contiguous shard per worker; each executor reads its shard straight from the (Hadoop) file
 * system, splits off the validation records (a seeded hash of file and record index, so the split does not depend on
 * the number of workers) and caches the rest. Each round's minibatches are cut, shuffled by (seed, epoch, worker),
 * augmented and normalised on the executor.
 */
public final class CifarTrainingData extends CachedTrainingData<TrainBlock> {
    private final int batchSize;
    private final long seed;
    private final boolean augment;

    private CifarTrainingData(JavaRDD<TrainBlock> blocks, JavaRDD<DataSet> test, JavaRDD<DataSet> validation,
                              int[] blockSizes, long validationSize, int batchSize, long seed, boolean augment) {
        super(blocks, test, validation, blockSizes, validationSize);
        this.batchSize = batchSize;
        this.seed = seed;
        this.augment = augment;
    }

    public static CifarTrainingData load(JavaSparkContext sc, TrainConfig cfg, DataLocation location) {
        int workers = cfg.spark().workers();
        int batch = cfg.training().batchSize();
        long seed = cfg.run().seed();
        double valFraction = cfg.data().validationFraction();
        SerializableHadoopConf hconf = new SerializableHadoopConf(sc.hadoopConfiguration());
        List<String> trainFiles = location.layout().trainFiles();
        List<Cifar10Shard> shards = Cifar10Shards.plan(trainFiles,
                limit(location.counts().trainPerFile(), cfg.data().maxTrainRecords()), workers);
        int testCount = cfg.data().maxTestRecords() == null ? location.counts().test()
                : Math.min(cfg.data().maxTestRecords(), location.counts().test());
        List<Cifar10Shard> testShards = Cifar10Shards.plan(List.of(location.layout().testFile()),
                new int[]{testCount}, workers);
        JavaRDD<TrainBlock> blocks = sc.parallelize(shards, workers)
                .map(shard -> readBlock(hconf, shard, trainFiles, seed, valFraction))
                .persist(StorageLevel.MEMORY_AND_DISK());
        List<int[]> sizes = blocks.map(b -> new int[]{b.worker(), b.train().size(), b.validation().size()}).collect();
        int[] blockSizes = new int[workers];
        long valSize = 0;
        for (int[] s : sizes) {
            blockSizes[s[0]] = s[1];
            valSize += s[2];
        }
        ChannelNormalization norm = ChannelNormalization.CIFAR10;
        JavaRDD<DataSet> test = sc.parallelize(testShards, workers)
                .flatMap(shard -> Cifar10Batches.toDataSets(read(hconf, shard), batch, norm, null, 0L).iterator())
                .persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<DataSet> validation = blocks
                .flatMap(b -> Cifar10Batches.toDataSets(b.validation(), batch, norm, null, 0L).iterator())
                .persist(StorageLevel.MEMORY_AND_DISK());
        return new CifarTrainingData(blocks, test, validation, blockSizes, valSize, batch, seed,
                cfg.data().augment());
    }

    /** Trims the file list's record counts to at most {@code max} records in all (quick runs); null: all. */
    static int[] limit(List<Integer> counts, Integer max) {
        int[] out = new int[counts.size()];
        long left = max == null ? Long.MAX_VALUE : max;
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) Math.min(counts.get(i), left);
            left -= out[i];
        }
        return out;
    }

    private static List<Cifar10Record> read(SerializableHadoopConf conf, Cifar10Shard shard) {
        try {
            return Cifar10Reader.read(conf.get(), shard);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static TrainBlock readBlock(SerializableHadoopConf conf, Cifar10Shard shard, List<String> trainFiles,
                                        long seed, double valFraction) {
        List<Cifar10Record> records = read(conf, shard);
        List<Cifar10Record> train = new ArrayList<>(records.size());
        List<Cifar10Record> val = new ArrayList<>();
        int i = 0;
        for (Cifar10Segment seg : shard.segments()) {
            int fileIndex = trainFiles.indexOf(seg.fileUri());
            for (int r = seg.firstRecord(); r < seg.endRecord(); r++) {
                Cifar10Record rec = records.get(i++);
                (Seeds.isValidation(seed, fileIndex, r, valFraction) ? val : train).add(rec);
            }
        }
        return new TrainBlock(shard.index(), train, val);
    }

    @Override
    public JavaRDD<DataSet> roundBatches(int epoch, int round, RoundPlan plan) {
        final long runSeed = seed;
        final boolean aug = augment;
        final int batch = batchSize;
        return blocks.mapPartitions(it -> {
            if (!it.hasNext()) {
                return Collections.emptyIterator();
            }
            TrainBlock b = it.next();
            int[] order = b.order(runSeed, epoch);
            int from = plan.from(b.worker(), round);
            int to = plan.to(b.worker(), round);
            List<Cifar10Record> picked = new ArrayList<>(to - from);
            for (int k = from; k < to; k++) {
                picked.add(b.train().get(order[k]));
            }
            Augmentation augmentation = aug ? Augmentation.standard() : null;
            long batchSeed = Seeds.mix(runSeed, 0xa06L, epoch, round, b.worker());
            return Cifar10Batches.toDataSets(picked, batch, ChannelNormalization.CIFAR10, augmentation, batchSeed)
                    .iterator();
        }, true);
    }
}
