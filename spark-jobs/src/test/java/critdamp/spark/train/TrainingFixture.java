package critdamp.spark.train;

import critdamp.base.Json;
import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import critdamp.data.SyntheticCifar10;
import critdamp.run.EpochRecord;
import critdamp.run.RoundRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Tiny CIFAR-format data and configs for the Spark training tests, and readers for what a run wrote. */
final class TrainingFixture {
    private TrainingFixture() {
    }

    /** Writes 5 x {@code perFile} training and {@code test} test records in the real binary format. */
    static Path writeData(Path dir, int perFile, int test) {
        try {
            SyntheticCifar10.write(dir, perFile, test, 11L);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The small CNN on {@code data}, physics momentum, results under {@code results}; overrides applied last. */
    static TrainConfig config(Path data, Path results, String name, String... overrides) {
        String yaml = String.join("\n",
                "run: {name: " + name + ", resultsDir: '" + results + "', seed: 5}",
                "data: {dir: '" + data + "', augment: false, validationFraction: 0.1}",
                "model: {kind: small_cnn}",
                "optimizer: {kind: heavy_ball, weightDecay: 0.0005}",
                "learningRate: {kind: cosine, baseLr: 0.05}",
                "momentum: {kind: physics}",
                "training: {epochs: 3, batchSize: 32, checkpointEveryRounds: 4, logEveryRounds: 2}",
                "spark: {master: 'local[2]', workers: 2, averagingFrequency: 3}");
        List<String> all = new ArrayList<>(Arrays.asList(overrides));
        return ConfigLoader.parse(yaml, all, TrainConfig.class);
    }

    static List<RoundRecord> rounds(Path runFolder) {
        return read(runFolder.resolve("rounds.jsonl"), RoundRecord.class);
    }

    static List<EpochRecord> epochs(Path runFolder) {
        return read(runFolder.resolve("epochs.jsonl"), EpochRecord.class);
    }

    private static <T> List<T> read(Path file, Class<T> type) {
        try {
            List<T> out = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    out.add(Json.mapper().readValue(line, type));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The folder path of a run from its outcome ("file:/..." URI or plain path). */
    static Path folder(TrainingRun.Outcome outcome) {
        String f = outcome.runFolder();
        return Path.of(f.startsWith("file:") ? java.net.URI.create(f).getPath() : f);
    }
}
