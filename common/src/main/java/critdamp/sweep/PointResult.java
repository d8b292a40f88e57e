package critdamp.sweep;

import critdamp.run.EpochRecord;
import critdamp.run.RunMetrics;
import critdamp.train.TargetTracker;

import java.util.List;
import java.util.Map;

/**
 * One row of a sweep's {@code results.csv}/{@code results.jsonl}: a point's grid values, how it ended and what it
 * reached. Figures come from the point's run folder, so a failed point shows what it reached before failing. Every
 * figure names its split: validation accuracy is what choices (best epoch, best rate) read, test accuracy is the
 * measurement.
 *
 * @param name                         folder name
 * @param label                        grid values, {@code key=value,...}
 * @param values                       grid key to value
 * @param status                       done, failed, running (interrupted) or pending
 * @param error                        the failure's message (null unless failed)
 * @param runFolder                    the point's run folder, relative to the sweep folder ({@link PointFolder})
 * @param epochs                       epochs finished
 * @param finalValidationAccuracy      validation accuracy after the last epoch (NaN if none)
 * @param finalTestAccuracy            test accuracy after the last epoch (NaN if none)
 * @param bestValidationEpoch          the epoch of the highest validation accuracy, the earliest of equals (0: none)
 * @param bestValidationAccuracy       validation accuracy at that epoch (NaN: none)
 * @param testAccuracyAtBestValidation test accuracy at that epoch: the measurement of the chosen epoch (NaN: none)
 * @param wallSeconds                  training wall time at the last epoch
 * @param imagesPerSecond              training throughput over all rounds
 * @param testTargets                  per target test accuracy: whether, at which epoch and after how many seconds it
 *                                     was reached (a measurement)
 */
public record PointResult(String name, String label, Map<String, Object> values, String status, String error,
                          String runFolder, int epochs, double finalValidationAccuracy, double finalTestAccuracy,
                          int bestValidationEpoch, double bestValidationAccuracy, double testAccuracyAtBestValidation,
                          double wallSeconds, double imagesPerSecond, List<TargetTracker.Crossing> testTargets) {

    /** The row of {@code point} from its last status and its run folder's metrics (null when it has none). */
    public static PointResult of(SweepPoint point, PointStatus status, RunMetrics metrics) {
        String state = status == null ? PointStatus.PENDING : status.status();
        String error = status == null ? null : status.error();
        String folder = status == null ? null : status.runFolder();
        if (metrics == null) {
            List<TargetTracker.Crossing> none = new TargetTracker(
                    point.config().training().targetAccuracies()).crossings();
            return new PointResult(point.name(), point.label(), point.values(), state, error, folder, 0, Double.NaN,
                    Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, none);
        }
        EpochRecord best = bestValidationEpoch(metrics.epochs());
        return new PointResult(point.name(), point.label(), point.values(), state, error,
                folder != null ? folder : metrics.folder().toString(), metrics.epochs().size(),
                metrics.finalValidationAccuracy(), metrics.finalTestAccuracy(), best == null ? 0 : best.epoch(),
                best == null ? Double.NaN : best.validationAccuracy(), best == null ? Double.NaN : best.testAccuracy(),
                metrics.wallSeconds(), metrics.imagesPerSecond(), metrics.crossings());
    }

    /** This row with its run folder given as {@code runFolder}. */
    public PointResult withRunFolder(String runFolder) {
        return new PointResult(name, label, values, status, error, runFolder, epochs, finalValidationAccuracy,
                finalTestAccuracy, bestValidationEpoch, bestValidationAccuracy, testAccuracyAtBestValidation,
                wallSeconds, imagesPerSecond, testTargets);
    }

    /** The epoch with the highest validation accuracy, the earliest of equals; null when no epoch has one. */
    static EpochRecord bestValidationEpoch(List<EpochRecord> epochs) {
        EpochRecord best = null;
        for (EpochRecord e : epochs) {
            if (Double.isFinite(e.validationAccuracy())
                    && (best == null || e.validationAccuracy() > best.validationAccuracy())) {
                best = e;
            }
        }
        return best;
    }

    public boolean done() {
        return PointStatus.DONE.equals(status);
    }

    /** Whether training diverged (loss NaN or infinite): a result of the point's settings, not a fault to retry. */
    public boolean diverged() {
        return PointStatus.diverged(status, error);
    }
}
