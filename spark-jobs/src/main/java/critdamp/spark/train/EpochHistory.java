package critdamp.spark.train;

import critdamp.base.Json;
import critdamp.run.EpochRecord;
import critdamp.run.MetricsLog;
import critdamp.run.RunFiles;
import critdamp.train.TargetTracker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The run's epochs so far: the rows of epochs.csv and the target crossings (test accuracy
 * as a measurement: no choice is made from it). A resumed
 * run starts from the epochs already logged, so it keeps their rows, crossings and wall time.
 */
final class EpochHistory {
    private final TargetTracker targets;
    private final List<String> csv = new ArrayList<>(List.of(EpochRecord.CSV_HEADER));
    private double wallSeconds;

    private EpochHistory(List<Double> targetAccuracies) {
        targets = new TargetTracker(targetAccuracies);
    }

    /** The history of the epochs in {@code epochLog}; their crossings were announced already and are not returned. */
    static EpochHistory of(List<Double> targetAccuracies, MetricsLog<EpochRecord> epochLog) {
        EpochHistory h = new EpochHistory(targetAccuracies);
        for (EpochRecord e : records(epochLog)) {
            h.add(e);
        }
        return h;
    }

    /** Adds an epoch; returns the targets it reached first. */
    List<TargetTracker.Crossing> add(EpochRecord e) {
        csv.add(e.toCsv());
        wallSeconds = e.wallSeconds();
        return targets.observe(e.epoch(), e.testAccuracy(), e.wallSeconds());
    }

    /** Wall time at the end of the last epoch (0 before the first). */
    double wallSeconds() {
        return wallSeconds;
    }

    List<TargetTracker.Crossing> crossings() {
        return targets.crossings();
    }

    /** epochs.csv: the header and a row per epoch. */
    String csv() {
        return String.join("\n", csv) + "\n";
    }

    private static List<EpochRecord> records(MetricsLog<EpochRecord> epochLog) {
        List<EpochRecord> out = new ArrayList<>();
        for (String line : epochLog.lines()) {
            try {
                out.add(Json.mapper().readValue(line, EpochRecord.class));
            } catch (IOException e) {
                throw new UncheckedIOException(RunFiles.EPOCHS_JSONL + ": unreadable line: " + line, e);
            }
        }
        return out;
    }
}
