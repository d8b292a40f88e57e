package critdamp.spark.train;

import java.util.List;

import org.deeplearning4j.spark.api.stats.SparkTrainingStats;
import org.deeplearning4j.spark.impl.paramavg.stats.ParameterAveragingTrainingMasterStats;
import org.deeplearning4j.spark.stats.EventStats;

/**
 * The wall time of each round's data job, from DL4J's training stats ({@code spark.collectTimings}). Before it fits,
 * DL4J counts the round's minibatch RDD: that job is where the workers build the round's minibatches (order the cached
 * records, augment, normalise into arrays) and cache them for the fit, so its time is the round's data preparation
 * as the workers' slowest partition sets it, plus one job's scheduling. DL4J keeps appending to the same stats, so
 * each call reads only the events added since the previous one.
 */
final class DataJobTimings {
    private static final String COUNT = ParameterAveragingTrainingMasterStats.PARAMETER_AVERAGING_MASTER_COUNT_RDD_TIMES_MS;
    private int seen;

    /** The data job's seconds in the round just finished; NaN when no stats were kept. */
    double seconds(SparkTrainingStats stats) {
        if (stats == null || !stats.getKeySet().contains(COUNT)) {
            return Double.NaN;
        }
        List<EventStats> events = stats.getValue(COUNT);
        if (events.size() < seen) {
            seen = 0; // a fresh stats object
        }
        long ms = 0;
        for (EventStats e : events.subList(seen, events.size())) {
            ms += e.getDurationMs();
        }
        seen = events.size();
        return ms / 1000.0;
    }
}
