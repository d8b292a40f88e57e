package critdamp.bench;

import critdamp.data.ChannelNormalization;
import critdamp.data.Cifar10Batches;
import critdamp.data.Cifar10Reader;
import critdamp.data.Cifar10Record;
import critdamp.data.SyntheticCifar10;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Minibatches for the benchmarks: real CIFAR-10 training records (normalised as in training, unaugmented) when the
 * binary files are found, else synthetic CIFAR-shaped records — the source is always reported with the result.
 *
 * @param batches minibatches of the requested size (the last may be partial)
 * @param source  "cifar10:<dir>" or "synthetic (no CIFAR-10 files in <dir>)", the folder as {@link ShownPath} shows
 *                it (results are committed: no machine's absolute path)
 */
public record BenchData(List<DataSet> batches, String source) {
    /** Default location of the CIFAR-10 binary files. */
    public static final String DEFAULT_DIR = System.getProperty("user.home") + "/.cache/critdamp/cifar-10-batches-bin";

    /** {@code images} records (from data_batch_1, 2, ... in order) as minibatches of {@code batch}. */
    public static BenchData load(String dir, int images, int batch) throws IOException {
        List<Cifar10Record> records = new ArrayList<>(images);
        String source;
        if (Files.isRegularFile(Path.of(dir, "data_batch_1.bin"))) {
            Configuration conf = new Configuration();
            for (int f = 1; f <= 5 && records.size() < images; f++) {
                List<Cifar10Record> file = Cifar10Reader.read(conf, Path.of(dir, "data_batch_" + f + ".bin").toUri().toString());
                records.addAll(file.subList(0, Math.min(file.size(), images - records.size())));
            }
            source = "cifar10:" + ShownPath.of(dir);
        } else {
            records.addAll(SyntheticCifar10.generate(images, new SplittableRandom(1)));
            source = "synthetic (no CIFAR-10 files in " + ShownPath.of(dir) + ")";
        }
        return new BenchData(Cifar10Batches.toDataSets(records, batch, ChannelNormalization.CIFAR10, null, 0), source);
    }

    /** Number of images in all batches. */
    public long images() {
        return batches.stream().mapToLong(DataSet::numExamples).sum();
    }
}
