package critdamp.spark.train;

import org.deeplearning4j.spark.api.stats.CommonSparkTrainingStats;
import org.deeplearning4j.spark.api.stats.SparkTrainingStats;
import org.deeplearning4j.spark.impl.paramavg.stats.ParameterAveragingTrainingMasterStats;
import org.deeplearning4j.spark.impl.paramavg.stats.ParameterAveragingTrainingWorkerStats;
import org.deeplearning4j.spark.stats.EventStats;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits an averaging round's wall time from DL4J's training stats ({@code spark.collectTimings}). DL4J keeps
 * appending events to the same stats, so each call reads, per key, only the events added since the previous one.
 *
 * <p>How DL4J's parameter-averaging master spends a round ({@code ParameterAveragingTrainingMaster}, 1.0.0-M2): it
 * creates a broadcast of the parameters and updater state ({@code ParameterAveragingMasterBroadcastCreateTimesMs}),
 * then runs one Spark job, timed as a whole as {@code ParameterAveragingMasterAggregateTimesMs} (the workers' map is
 * lazy, so this is the workers fetching the broadcast, setting up, fitting, and the {@code treeAggregate} summing
 * what they return), then divides the sums and sets them ({@code ParameterAveragingMasterProcessParamsUpdaterTimesMs}).
 * Each worker times its whole task ({@code WorkerFlatMapTotalTimeMs}), its broadcast fetch
 * ({@code ParameterAveragingWorkerBroadcastGetValueTimeMs}) and every minibatch fit
 * ({@code ParameterAveragingWorkerFitTimesMs}). Workers run in parallel, so each worker figure counts by its slowest
 * worker (the critical path):
 * <ul>
 *   <li>compute = the slowest worker's summed fit time;</li>
 *   <li>broadcast = the driver's broadcast creation + the slowest worker's broadcast fetch;</li>
 *   <li>aggregation = the job's time beyond the slowest worker's task (task launch, results returned and summed,
 *       never below 0) + dividing and setting the parameters.</li>
 * </ul>
 */
final class RoundTimings {
    private static final String WORKER_FIT =
            ParameterAveragingTrainingWorkerStats.PARAMETER_AVERAGING_WORKER_FIT_TIMES_MS;
    private static final String WORKER_BROADCAST_GET =
            ParameterAveragingTrainingWorkerStats.PARAMETER_AVERAGING_WORKER_BROADCAST_GET_VALUE_TIME_MS;
    private static final String WORKER_TOTAL = CommonSparkTrainingStats.WORKER_FLAT_MAP_TOTAL_TIME_MS;
    private static final String BROADCAST_CREATE =
            ParameterAveragingTrainingMasterStats.PARAMETER_AVERAGING_MASTER_BROADCAST_CREATE_TIMES_MS;
    private static final String JOB =
            ParameterAveragingTrainingMasterStats.PARAMETER_AVERAGING_MASTER_AGGREGATE_TIMES_MS;
    private static final String PROCESS_PARAMS =
            ParameterAveragingTrainingMasterStats.PARAMETER_AVERAGING_MASTER_PROCESS_PARAMS_UPDATER_TIMES_MS;

    /** One round's split, in seconds; NaN where no stats were kept. */
    record Split(double computeSeconds, double broadcastSeconds, double aggregateSeconds) {
        static final Split NONE = new Split(Double.NaN, Double.NaN, Double.NaN);
    }

    private final Map<String, Integer> seen = new HashMap<>();

    /** The split of the round just finished. */
    Split split(SparkTrainingStats stats) {
        List<EventStats> fit = newEvents(stats, WORKER_FIT);
        if (fit == null) {
            return Split.NONE;
        }
        double compute = slowestWorker(fit);
        double broadcast = sum(newEvents(stats, BROADCAST_CREATE))
                + slowestWorker(newEvents(stats, WORKER_BROADCAST_GET));
        double beyondSlowestTask = Math.max(0, sum(newEvents(stats, JOB))
                - slowestWorker(newEvents(stats, WORKER_TOTAL)));
        double aggregate = beyondSlowestTask + sum(newEvents(stats, PROCESS_PARAMS));
        return new Split(compute, broadcast, aggregate);
    }

    /** The events of {@code key} added since the last call (all of them after a fresh stats object); null if absent. */
    private List<EventStats> newEvents(SparkTrainingStats stats, String key) {
        List<EventStats> events = find(stats, key);
        if (events == null) {
            return null;
        }
        int from = seen.getOrDefault(key, 0);
        if (events.size() < from) {
            from = 0; // a fresh stats object
        }
        seen.put(key, events.size());
        return events.subList(from, events.size());
    }

    /** The largest per-worker (machine, JVM, thread) sum of durations, in seconds; 0 without events. */
    private static double slowestWorker(List<EventStats> events) {
        if (events == null) {
            return 0;
        }
        Map<String, Long> perWorker = new HashMap<>();
        for (EventStats e : events) {
            String worker = e.getMachineID() + "/" + e.getJvmID() + "/" + e.getThreadID();
            perWorker.merge(worker, e.getDurationMs(), Long::sum);
        }
        return perWorker.values().stream().mapToLong(Long::longValue).max().orElse(0L) / 1000.0;
    }

    /** The summed durations, in seconds; 0 without events. */
    private static double sum(List<EventStats> events) {
        return events == null ? 0 : events.stream().mapToLong(EventStats::getDurationMs).sum() / 1000.0;
    }

    private static List<EventStats> find(SparkTrainingStats stats, String key) {
        for (SparkTrainingStats s = stats; s != null; s = s.getNestedTrainingStats()) {
            if (s.getKeySet().contains(key)) {
                return s.getValue(key);
            }
        }
        return null;
    }
}
