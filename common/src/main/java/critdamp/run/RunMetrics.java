package critdamp.run;

import critdamp.base.Json;
import com.fasterxml.jackson.databind.JsonNode;
import critdamp.train.TargetTracker;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a run folder says about a run, read back for reports and sweeps: the config as used, the per-epoch and
 * per-round metrics, and figures derived from them (final/best accuracy, time to each target, throughput).
 *
 * <p>Figures are derived from {@code epochs.jsonl}/{@code rounds.jsonl} rather than {@code summary.json}, so a run
 * that failed part-way (no summary) is described by the same rules as a finished one.
 *
 * @param folder  the run folder
 * @param config  {@code config.json} as a JSON tree, or null when absent
 * @param epochs  one record per finished epoch, in order
 * @param rounds  one record per averaging round, in order
 * @param targets target test accuracies, from the config's {@code training.targetAccuracies} (empty when unknown)
 */
public record RunMetrics(RunFolder folder, JsonNode config, List<EpochRecord> epochs, List<RoundRecord> rounds,
                         List<Double> targets) {
    public RunMetrics {
        epochs = List.copyOf(epochs);
        rounds = List.copyOf(rounds);
        targets = List.copyOf(targets);
    }

    /** Reads the run folder at {@code dir} (any Hadoop path); it must hold a run ({@value RunFiles#RUN_JSON}). */
    public static RunMetrics read(Configuration conf, String dir) {
        return read(existingFolder(conf, dir));
    }

    /** Opens an existing run folder for reading, without its lease (it must hold {@value RunFiles#RUN_JSON}). */
    public static RunFolder existingFolder(Configuration conf, String dir) {
        Path p = new Path(dir);
        if (p.getParent() == null) {
            throw new IllegalArgumentException("not a run folder: " + dir);
        }
        return RunFolder.openToRead(conf, p.getParent().toString(), p.getName());
    }

    /** Reads what {@code folder} holds; missing metric files read as empty. */
    public static RunMetrics read(RunFolder folder) {
        JsonNode config = readTree(folder, RunFiles.CONFIG_JSON).orElse(null);
        List<Double> targets = new ArrayList<>();
        if (config != null && config.path("training").path("targetAccuracies").isArray()) {
            config.path("training").path("targetAccuracies").forEach(t -> targets.add(t.asDouble()));
        }
        return new RunMetrics(folder, config, readLines(folder, RunFiles.EPOCHS_JSONL, EpochRecord.class),
                readLines(folder, RunFiles.ROUNDS_JSONL, RoundRecord.class), targets);
    }

    /** Reads {@code relative} as JSON when the folder holds it. */
    public static Optional<JsonNode> readTree(RunFolder folder, String relative) {
        if (!folder.exists(relative)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readTree(folder.readString(relative)));
        } catch (IOException e) {
            throw new UncheckedIOException(folder.resolve(relative) + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Reads {@code relative} as the text of a file when the folder holds it. */
    public static Optional<String> readText(RunFolder folder, String relative) {
        return folder.exists(relative) ? Optional.of(folder.readString(relative)) : Optional.empty();
    }

    private static <T> List<T> readLines(RunFolder folder, String file, Class<T> type) {
        List<T> out = new ArrayList<>();
        if (!folder.exists(file)) {
            return out;
        }
        int n = 0;
        for (String line : folder.readString(file).split("\n")) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(Json.mapper().readValue(line, type));
            } catch (IOException e) {
                throw new UncheckedIOException(folder.resolve(file) + " line " + n + ": not a "
                        + type.getSimpleName() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Test accuracy after the last epoch; NaN when no epoch finished. */
    public double finalTestAccuracy() {
        return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).testAccuracy();
    }

    /** Best test accuracy over the epochs; NaN when no epoch finished. */
    public double bestTestAccuracy() {
        return epochs.stream().mapToDouble(EpochRecord::testAccuracy).filter(Double::isFinite).max().orElse(Double.NaN);
    }

    /** Validation accuracy after the last epoch; NaN when none. */
    public double finalValidationAccuracy() {
        return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).validationAccuracy();
    }

    /** Wall seconds of training at the end of the last epoch (0 when no epoch finished). */
    public double wallSeconds() {
        return epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1).wallSeconds();
    }

    /** Training throughput: all rounds' images over all rounds' seconds; NaN without rounds. */
    public double imagesPerSecond() {
        double images = 0;
        double seconds = 0;
        for (RoundRecord r : rounds) {
            if (r.seconds() > 0) {
                images += r.images();
                seconds += r.seconds();
            }
        }
        return seconds > 0 ? images / seconds : Double.NaN;
    }

    /** When each target test accuracy was first reached (replayed from the epochs). */
    public List<TargetTracker.Crossing> crossings() {
        TargetTracker tracker = new TargetTracker(targets);
        for (EpochRecord e : epochs) {
            tracker.observe(e.epoch(), e.testAccuracy(), e.wallSeconds());
        }
        return tracker.crossings();
    }
}
