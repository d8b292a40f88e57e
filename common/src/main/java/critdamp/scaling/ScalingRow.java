package critdamp.scaling;

import critdamp.base.ConfigException;
import critdamp.base.Json;
import critdamp.run.RoundRecord;
import critdamp.run.RunMetrics;
import critdamp.train.TargetTracker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One row of a scaling study's table (one line of {@code scaling.jsonl}): a mode at a worker count, measured from its
 * run folder. Round figures leave out the first round (JIT and native warm-up): throughput is all later rounds'
 * images over their seconds, and each {@code *Seconds} of a round is the median over those rounds (so the parts need
 * not add up to {@code roundSeconds} exactly). Missing figures are NaN.
 *
 * @param mode                strong or weak scaling
 * @param workers             K
 * @param perWorkerBatch      each worker's minibatch
 * @param globalBatch         K * perWorkerBatch
 * @param averagingFrequency  minibatches per worker between two averagings
 * @param learningRate        the run's peak learning rate
 * @param rounds              averaging rounds the run trained (the first included)
 * @param imagesPerSecond     training throughput over the rounds after the first
 * @param efficiency          imagesPerSecond / (K / K0 * imagesPerSecond of the same mode's smallest size K0): 1 is
 *                            perfect scaling; with K0 = 1, imagesPerSecond / (K * imagesPerSecond at 1 worker)
 * @param roundSeconds        a round's wall time on the driver
 * @param computeSeconds      the slowest worker's fit time in a round
 * @param broadcastSeconds    the parameters' broadcast: created by the driver, fetched by the slowest worker
 * @param aggregateSeconds    the round's Spark job beyond its slowest worker plus averaging on the driver
 * @param otherSeconds        a round's wall time less the three above (worker set-up, data hand-over, bookkeeping)
 * @param bytesPerRound       parameters (and averaged updater state) sent to and returned by all workers per round
 * @param paramCount          the model's parameters (the averaged vector)
 * @param timeToTargetSeconds training wall time when the test accuracy first reached the target (checked at epoch
 *                            ends); NaN if never
 * @param targetAccuracy      that target
 * @param finalTestAccuracy   test accuracy after the last epoch
 * @param wallSeconds         training wall time of the whole run (rounds, evaluations, checkpoints)
 * @param master              the run's Spark master
 * @param oversubscribed      more workers than this machine's cores (local masters only)
 */
public record ScalingRow(ScalingMode mode, int workers, int perWorkerBatch, int globalBatch, int averagingFrequency,
                         double learningRate, int rounds, double imagesPerSecond, double efficiency,
                         double roundSeconds, double computeSeconds, double broadcastSeconds, double aggregateSeconds,
                         double otherSeconds, long bytesPerRound, long paramCount, double timeToTargetSeconds,
                         double targetAccuracy, double finalTestAccuracy, double wallSeconds, String master,
                         boolean oversubscribed) {

    /**
     * The row of {@code p}, measured from its run's metrics; efficiency is NaN until
     * {@link ScalingTables#withEfficiency}.
     *
     * @param averagingFrequency the study's {@code spark.averagingFrequency}
     * @param paramCount         the model's parameter count
     * @param target             the study's target accuracy
     * @param cores              this machine's cores
     */
    public static ScalingRow measure(ScalingPoint p, RunMetrics m, int averagingFrequency, long paramCount,
                                     double target, int cores) {
        List<RoundRecord> all = m.rounds();
        List<RoundRecord> timed = all.size() > 1 ? all.subList(1, all.size()) : all;
        double images = timed.stream().mapToDouble(RoundRecord::images).sum();
        double seconds = timed.stream().mapToDouble(RoundRecord::seconds).sum();
        double toTarget = m.crossings().stream().filter(c -> c.reached() && Math.abs(c.target() - target) < 1e-12)
                .mapToDouble(TargetTracker.Crossing::wallSeconds).findFirst().orElse(Double.NaN);
        return new ScalingRow(p.mode(), p.workers(), p.perWorkerBatch(), p.globalBatch(), averagingFrequency,
                p.learningRate(), all.size(), seconds > 0 ? images / seconds : Double.NaN, Double.NaN,
                median(timed, RoundRecord::seconds), median(timed, RoundRecord::computeSeconds),
                median(timed, RoundRecord::broadcastSeconds), median(timed, RoundRecord::aggregateSeconds),
                median(timed, RoundRecord::otherSeconds), all.isEmpty() ? 0 : all.get(0).bytesMoved(), paramCount,
                toTarget, target, m.finalTestAccuracy(), m.wallSeconds(), p.master().url(),
                p.master().oversubscribed(cores));
    }

    /** This row with its efficiency. */
    public ScalingRow withEfficiency(double e) {
        return new ScalingRow(mode, workers, perWorkerBatch, globalBatch, averagingFrequency, learningRate, rounds,
                imagesPerSecond, e, roundSeconds, computeSeconds, broadcastSeconds, aggregateSeconds, otherSeconds,
                bytesPerRound, paramCount, timeToTargetSeconds, targetAccuracy, finalTestAccuracy, wallSeconds, master,
                oversubscribed);
    }

    /** The median of the finite values of {@code f} over {@code rounds}; NaN when there is none. */
    static double median(List<RoundRecord> rounds, ToDoubleFunction<RoundRecord> f) {
        double[] v = rounds.stream().mapToDouble(f).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    /** One worker's copy, one way: the bytes a worker receives by broadcast and returns to the aggregation. */
    public double payloadBytes() {
        return bytesPerRound / (2.0 * workers);
    }

    /** The rows of a JSON-lines file, one object a line (blank lines skipped); errors name the file and line. */
    public static List<ScalingRow> readJsonl(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<ScalingRow> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                try {
                    rows.add(Json.read(lines.get(i), ScalingRow.class, file + ":" + (i + 1)));
                } catch (ConfigException e) {
                    throw new ConfigException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
                }
            }
        }
        return rows;
    }
}
