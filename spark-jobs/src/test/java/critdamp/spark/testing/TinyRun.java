package critdamp.spark.testing;

import critdamp.data.SyntheticCifar10;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A config file for the smallest real {@code critdamp train}: the small CNN on synthetic CIFAR-format data (5 x 100
 * training and 60 test records), one epoch of 2 workers x 16 images x 2 steps per round, for command-line tests.
 */
public final class TinyRun {
    private TinyRun() {
    }

    /** Writes the data under {@code dir/cifar} and the config {@code dir/tiny.yaml}; returns the config. */
    public static Path write(Path dir, String resultsDir) {
        try {
            Path data = SyntheticCifar10.write(dir.resolve("cifar"), 100, 60, 7L);
            String yaml = String.join("\n",
                    "run: {name: tiny, resultsDir: '" + resultsDir + "', seed: 3}",
                    "data: {dir: '" + data + "', augment: false, validationFraction: 0.1}",
                    "model: {kind: small_cnn}",
                    "optimizer: {kind: heavy_ball, weightDecay: 0.0005}",
                    "learningRate: {kind: cosine, baseLr: 0.05}",
                    "momentum: {kind: physics}",
                    "training: {epochs: 1, batchSize: 16, checkpointEveryRounds: 2, logEveryRounds: 100, "
                            + "targetAccuracies: [0.01, 0.02]}",
                    "spark: {master: 'local[2]', workers: 2, averagingFrequency: 2}", "");
            return Files.writeString(dir.resolve("tiny.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code train -c config} followed by {@code --set} for each override. */
    public static String[] train(Path config, String... overrides) {
        List<String> args = new ArrayList<>(List.of("train", "-c", config.toString()));
        for (String o : overrides) {
            args.add("--set");
            args.add(o);
        }
        return args.toArray(String[]::new);
    }
}
