package critdamp.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    /** {@code local[N]}, {@code local[*]} and their {@code local[N,maxFailures]} forms; group 1 is N or *. */
    private static final Pattern LOCAL_SLOTS = Pattern.compile("local\\[\\s*(\\d+|\\*)\\s*(?:,\\s*\\d+\\s*)?]");

    public SparkSpec {
        master = master == null ? "local[2]" : master;
        workers = Check.positive("spark.workers", workers == null ? 2 : workers);
        averagingFrequency = Check.positive("spark.averagingFrequency", averagingFrequency == null ? 5 : averagingFrequency);
        averageUpdaterState = averageUpdaterState == null ? Boolean.TRUE : averageUpdaterState;
        aggregationDepth = Check.positive("spark.aggregationDepth", aggregationDepth == null ? 2 : aggregationDepth);
        collectTimings = collectTimings != null && collectTimings;
    }

    /**
     * The workers that train at once inside the driver's JVM, sharing its cores: min(workers, N) for {@code local[N]}
     * ({@code local}: 1, {@code local[*]}: this machine's processors); 0 where workers run in executors of their own
     * (a cluster, {@code local-cluster}). The launcher gives each of them cores / this many OpenMP threads: on 2
     * cores, 2 workers x 1 thread reached 60% of the quick start sooner than 2 x 2 (README, "Time to accuracy").
     */
    public int workersInDriver() {
        if (master.equals("local")) {
            return 1;
        }
        Matcher local = LOCAL_SLOTS.matcher(master);
        if (!local.matches()) {
            return 0;
        }
        int n = local.group(1).equals("*") ? Runtime.getRuntime().availableProcessors()
                : Integer.parseInt(local.group(1));
        return Math.min(workers, n);
    }

    public SparkSpec withMaster(String master) {
        return new SparkSpec(master, workers, averagingFrequency, averageUpdaterState, aggregationDepth,
                collectTimings);
    }

    public SparkSpec withWorkers(int workers) {
        return new SparkSpec(master, workers, averagingFrequency, averageUpdaterState, aggregationDepth,
                collectTimings);
    }

    public SparkSpec withCollectTimings(boolean collectTimings) {
        return new SparkSpec(master, workers, averagingFrequency, averageUpdaterState, aggregationDepth,
                collectTimings);
    }

    public static SparkSpec defaults() {
        return new SparkSpec(null, null, null, null, null, null);
    }
}
