package critdamp.spark.train;

import org.deeplearning4j.spark.api.stats.SparkTrainingStats;
import org.deeplearning4j.spark.impl.paramavg.stats.ParameterAveragingTrainingWorkerStats;
import org.deeplearning4j.spark.stats.EventStats;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits an averaging round's wall time into the workers' training (compute) and the rest (broadcast, worker setup,
 * averaging), from DL4J's training stats ({@code spark.collectTimings}). DL4J keeps appending events to the same
 * stats, so each call reads only the events added since the previous one.
 */
final class RoundTimings {
    private static final String WORKER_FIT = ParameterAveragingTrainingWorkerStats.PARAMETER_AVERAGING_WORKER_FIT_TIMES_MS;
    private int seen;

    /** The slowest worker's summed fit time in the round just finished, in seconds; NaN when no stats were kept. */
    double workerComputeSeconds(SparkTrainingStats stats) {
        List<EventStats> events = find(stats);
        if (events == null) {
            return Double.NaN;
        }
        if (events.size() < seen) {
            seen = 0; // a fresh stats object
        }
        Map<String, Long> perWorker = new HashMap<>();
        for (EventStats e : events.subList(seen, events.size())) {
            perWorker.merge(e.getMachineID() + "/" + e.getJvmID() + "/" + e.getThreadID(), e.getDurationMs(), Long::sum);
        }
        seen = events.size();
        return perWorker.values().stream().mapToLong(Long::longValue).max().orElse(0L) / 1000.0;
    }

    private static List<EventStats> find(SparkTrainingStats stats) {
        for (SparkTrainingStats s = stats; s != null; s = s.getNestedTrainingStats()) {
            if (s.getKeySet().contains(WORKER_FIT)) {
                return s.getValue(WORKER_FIT);
            }
        }
        return null;
    }
}
