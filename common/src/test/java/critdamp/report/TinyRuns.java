package critdamp.report;

import critdamp.run.RunFiles;
import critdamp.base.Json;
import com.fasterxml.jackson.databind.SerializationFeature;
import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import critdamp.run.EpochRecord;
import critdamp.run.RoundRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Hand-written run folders (the files a run writes: config, run.json, epochs, rounds, executors) for report tests. */
final class TinyRuns {
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    static final String CHECKSUM = "5dd7e06a14cb22eb9f671a540d1b7c25";
    private static final int ROUNDS_PER_EPOCH = 4;

    private TinyRuns() {
    }

    /**
     * A run folder {@code dir/name} whose epochs have the given validation and test accuracies (same length), four
     * rounds per epoch, and the config from {@code yaml} (the run name set to {@code name}).
     */
    static Path write(Path dir, String name, String yaml, double[] val, double[] test) throws IOException {
        Path run = dir.resolve(name);
        Files.createDirectories(run);
        TrainConfig cfg = ConfigLoader.parse(yaml, List.of("run.name=" + name), TrainConfig.class);
        Files.writeString(run.resolve("config.json"), Json.write(cfg));
        Files.writeString(run.resolve("run.json"), "{\"command\": \"critdamp train\", \"startedAt\": "
                + "\"2026-11-30T10:00:00Z\", \"seed\": 7, \"versions\": {\"critdamp\": \"0.1.0-SNAPSHOT\", "
                + "\"gitCommit\": \"" + COMMIT + "\"}, \"backend\": {\"backend\": \"CPU\", \"blas.vendor\": "
                + "\"OPENBLAS\", \"javacpp.platform.extension\": \"-onednn-avx2\"}, \"spark\": {\"master\": "
                + "\"local[2]\", \"workers\": \"2\"}, \"data\": {\"dataset\": \"cifar10\", \"location\": "
                + "\"/data/cifar-10-batches-bin\", \"verification\": \"MD5 of every file checked against Cifar10Checksums\"}}");
        List<String> epochs = new ArrayList<>();
        List<String> rounds = new ArrayList<>();
        long round = 0;
        for (int e = 1; e <= test.length; e++) {
            for (int r = 0; r < ROUNDS_PER_EPOCH; r++) {
                round++;
                double alpha = 0.05 * (1 + Math.cos(Math.PI * round / (ROUNDS_PER_EPOCH * test.length))) / 2;
                rounds.add(line(new RoundRecord(e - 1, r, round, 5L * (round - 1), alpha, 1 - 2 * Math.sqrt(alpha),
                        2.3 - 0.05 * round + 0.1 * (round % 2), 640, 0.8, 800, 0.8 * round, Double.NaN, 1_000L)));
            }
            epochs.add(line(new EpochRecord(e, 5L * round, 0.05, 0.55, 2.0 - 0.3 * e, val[e - 1], test[e - 1],
                    1.9 - 0.2 * e, 12.5 * e, 800)));
        }
        Files.writeString(run.resolve("epochs.jsonl"), String.join("\n", epochs) + "\n");
        Files.writeString(run.resolve("rounds.jsonl"), String.join("\n", rounds) + "\n");
        return run;
    }

    /** Writes executors.json: two executors, the second with {@code slowLayers} off the oneDNN path. */
    static void executors(Path run, String... slowLayers) throws IOException {
        String slow = String.join(",", List.of(slowLayers).stream().map(s -> "\"" + s + "\"").toList());
        Files.writeString(run.resolve(RunFiles.EXECUTORS_JSON), "[{\"executorId\": \"0\", \"host\": \"h1\", "
                + "\"pid\": 101, \"nativeLibrary\": \"libnd4jcpu-onednn-avx2\", \"layers\": 9, \"slowLayers\": []},"
                + "{\"executorId\": \"1\", \"host\": \"h2\", \"pid\": 202, \"nativeLibrary\": "
                + "\"libnd4jcpu-onednn-avx2\", \"layers\": 9, \"slowLayers\": [" + slow + "]}]");
    }

    static final String PHYSICS = "run: {seed: 7}\nlearningRate: {kind: cosine, baseLr: 0.05}\n"
            + "momentum: {kind: physics}\ntraining: {epochs: 4, targetAccuracies: [0.3, 0.5, 0.9]}\n";
    static final String CONSTANT = "run: {seed: 7}\nlearningRate: {kind: cosine, baseLr: 0.1}\n"
            + "momentum: {kind: constant, value: 0.9}\ntraining: {epochs: 4, targetAccuracies: [0.3, 0.5, 0.9]}\n";

    private static String line(Object record) {
        try {
            return Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(record);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
