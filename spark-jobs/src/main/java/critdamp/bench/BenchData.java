package critdamp.bench;

import critdamp.data.ChannelNormalization;
import critdamp.data.Cifar10Batches;
import java.io.IOException;
import java.util.List;
import org.nd4j.linalg.dataset.DataSet;

/**
 * DL4J minibatches for the benchmarks: the {@link BenchRecords} (real CIFAR-10 training records when the binary files
 * are found, else synthetic) normalised as in training, unaugmented.
 *
 * @param batches minibatches of the requested size (the last may be partial)
 * @param source  {@link BenchRecords#source()}
 */
public record BenchData(List<DataSet> batches, String source) {
    /** Default location of the CIFAR-10 binary files. */
    public static final String DEFAULT_DIR = System.getProperty("user.home") + "/.cache/critdamp/cifar-10-batches-bin";

    /** {@code images} records (from data_batch_1, 2, ... in order) as minibatches of {@code batch}. */
    public static BenchData load(String dir, int images, int batch) throws IOException {
        BenchRecords records = BenchRecords.load(dir, images);
        return new BenchData(Cifar10Batches.toDataSets(records.records(), batch, ChannelNormalization.CIFAR10, null, 0),
                records.source());
    }

    /** Number of images in all batches. */
    public long images() {
        return batches.stream().mapToLong(DataSet::numExamples).sum();
    }
}
