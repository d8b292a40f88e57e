package critdamp.config;

import critdamp.base.Check;

/**
 * How training is spread over Spark executors with parameter averaging.
 *
 * @param master              Spark master; ignored when spark-submit already set one. Default {@code local[2]}
 * @param workers             data partitions trained in parallel per round (one model replica each)
 * @param averagingFrequency  minibatches each worker trains between two parameter averagings (= steps per round)
 * @param averageUpdaterState average the momentum (updater state) with the parameters each round (true), or
 *                            start every worker's round with a fresh, zero momentum (false; DL4J {@code saveUpdater})
 * @param aggregationDepth    tree depth of the driver-side aggregation (treeAggregate)
 * @param collectTimings      record each round's worker compute time (DL4J training stats) in rounds.jsonl, so a
 *                            round splits into compute and averaging/communication; off by default (small cost)
 */
public record SparkSpec(String master, Integer workers, Integer averagingFrequency, Boolean averageUpdaterState,
                        Integer aggregationDepth, Boolean collectTimings) {
    public SparkSpec {
        master = master == null ? "local[2]" : master;
        workers = Check.positive("spark.workers", workers == null ? 2 : workers);
        averagingFrequency = Check.positive("spark.averagingFrequency", averagingFrequency == null ? 5 : averagingFrequency);
        averageUpdaterState = averageUpdaterState == null ? Boolean.TRUE : averageUpdaterState;
        aggregationDepth = Check.positive("spark.aggregationDepth", aggregationDepth == null ? 2 : aggregationDepth);
        collectTimings = collectTimings != null && collectTimings;
    }

    public static SparkSpec defaults() {
        return new SparkSpec(null, null, null, null, null, null);
    }
}
