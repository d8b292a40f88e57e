package critdamp.sweep;

import critdamp.run.RunMetrics;
import critdamp.train.TargetTracker;

import java.util.List;
import java.util.Map;

/**
 * One row of a sweep's {@code results.csv}/{@code results.jsonl}: a point's grid values, how it ended and what it
 * reached. Figures come from the point's run folder, so a failed point shows what it reached before failing.
 *
 * @param name              folder name
 * @param label             grid values, {@code key=value,...}
 * @param values            grid key to value
 * @param status            done, failed, running (interrupted) or pending
 * @param error             the failure's message (null unless failed)
 * @param runFolder         the point's run folder
 * @param epochs            epochs finished
 * @param finalTestAccuracy test accuracy after the last epoch (NaN if none)
 * @param bestTestAccuracy  best test accuracy over the epochs
 * @param wallSeconds       training wall time at the last epoch
 * @param imagesPerSecond   training throughput over all rounds
 * @param targets           per target accuracy: whether, at which epoch and after how many seconds it was reached
 */
public record PointResult(String name, String label, Map<String, Object> values, String status, String error,
                          String runFolder, int epochs, double finalTestAccuracy, double bestTestAccuracy,
                          double wallSeconds, double imagesPerSecond, List<TargetTracker.Crossing> targets) {

    /** The row of {@code point} from its last status and its run folder's metrics (null when it has none). */
    public static PointResult of(SweepPoint point, PointStatus status, RunMetrics metrics) {
        String state = status == null ? PointStatus.PENDING : status.status();
        String error = status == null ? null : status.error();
        String folder = status == null ? null : status.runFolder();
        if (metrics == null) {
            List<TargetTracker.Crossing> none = new TargetTracker(
                    point.config().training().targetAccuracies()).crossings();
            return new PointResult(point.name(), point.label(), point.values(), state, error, folder, 0, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, none);
        }
        return new PointResult(point.name(), point.label(), point.values(), state, error,
                folder != null ? folder : metrics.folder().toString(), metrics.epochs().size(),
                metrics.finalTestAccuracy(), metrics.bestTestAccuracy(), metrics.wallSeconds(),
                metrics.imagesPerSecond(), metrics.crossings());
    }

    public boolean done() {
        return PointStatus.DONE.equals(status);
    }
}
