package critdamp.bench;

import critdamp.data.ChannelNormalization;
import critdamp.data.Cifar10Format;
import critdamp.data.Cifar10Reader;
import critdamp.data.Cifar10Record;
import critdamp.data.SyntheticCifar10;
import critdamp.engine.Batch;
import critdamp.model.InputShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;

/**
 * The images every training benchmark trains on: real CIFAR-10 training records when the binary files are found,
 * else synthetic CIFAR-shaped records; the source is always reported with the result.
 *
 * @param records in file order (data_batch_1, 2, ...)
 * @param source  "cifar10:<dir>" or "synthetic (no CIFAR-10 files in <dir>)", the folder as {@link ShownPath} shows
 *                it (results are committed: no machine's absolute path)
 */
record BenchRecords(List<Cifar10Record> records, String source) {
    /** The first {@code images} records of {@code dir}, or as many synthetic ones (seed 1). */
    static BenchRecords load(String dir, int images) throws IOException {
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
        return new BenchRecords(records, source);
    }

    /**
     * The records as the engines' minibatches of {@code batch} (full ones only), normalised as in training
     * ({@link ChannelNormalization#CIFAR10}), unaugmented: the same values {@code Cifar10Batches} gives DL4J, without
     * ND4J (a torch-engine benchmark loads one native stack).
     */
    List<Batch> engineBatches(int batch) {
        ChannelNormalization norm = ChannelNormalization.CIFAR10;
        List<Batch> out = new ArrayList<>(records.size() / batch);
        for (int from = 0; from + batch <= records.size(); from += batch) {
            float[] features = new float[batch * Cifar10Format.PIXELS];
            int[] labels = new int[batch];
            for (int i = 0; i < batch; i++) {
                Cifar10Record r = records.get(from + i);
                byte[] px = r.pixels();
                int base = i * Cifar10Format.PIXELS;
                for (int c = 0; c < Cifar10Format.CHANNELS; c++) {
                    int off = c * Cifar10Format.PLANE;
                    for (int p = 0; p < Cifar10Format.PLANE; p++) {
                        features[base + off + p] = norm.normalize(c, px[off + p] & 0xFF);
                    }
                }
                labels[i] = r.label();
            }
            out.add(new Batch(InputShape.CIFAR10, features, labels));
        }
        return out;
    }
}
