package critdamp.scaling;

import critdamp.base.ConfigException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Spark master of one size of a scaling study, made from the study's template by putting the size's worker
 * count K in place of {@value #PLACEHOLDER} ({@code local-cluster[{N},1,1536]}, {@code local[{N}]}), and the Spark
 * settings that give the size one executor per worker and make its application wait for all of them: dynamic
 * allocation off, {@code spark.scheduler.minRegisteredResourcesRatio=1.0} with the study's wait as
 * {@code maxRegisteredResourcesWaitingTime}, and the executor count in the cluster manager's own terms
 * ({@code spark.cores.max} on standalone and local-cluster, {@code spark.executor.instances} elsewhere).
 *
 * @param url     the master of this size
 * @param kind    what kind of master it is
 * @param workers K
 */
public record ScalingMaster(String url, Kind kind, int workers) {
    /** Where the template takes the worker count. */
    public static final String PLACEHOLDER = "{N}";
    private static final Pattern LOCAL_CLUSTER =
            Pattern.compile("local-cluster\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*]");

    /** The kinds of master a study treats differently. */
    public enum Kind {
        /** {@code local}, {@code local[N]}: workers are threads of the driver's JVM, no executors. */
        LOCAL,
        /** {@code local-cluster[n,cores,MB]}: n executor JVMs on this machine (needs a SPARK_HOME with jars). */
        LOCAL_CLUSTER,
        /** {@code spark://}: a standalone cluster. */
        STANDALONE,
        /** YARN, Kubernetes and the rest: executors counted by {@code spark.executor.instances}. */
        CLUSTER
    }

    /**
     * The master for {@code workers} from {@code template}.
     *
     * @throws ConfigException for a local template without {@value #PLACEHOLDER} (every size would get the same task
     *                         slots) or a local-cluster URL that does not parse
     */
    public static ScalingMaster of(String template, int workers) {
        String url = template.replace(PLACEHOLDER, String.valueOf(workers));
        Kind kind = kindOf(url);
        if (kind == Kind.LOCAL && !template.contains(PLACEHOLDER)) {
            throw new ConfigException("--master " + template + ": a local master must take the worker count as "
                    + PLACEHOLDER + " (local[" + PLACEHOLDER + "], local-cluster[" + PLACEHOLDER
                    + ",1,1536]), or every size gets the same task slots");
        }
        if (kind == Kind.LOCAL_CLUSTER && !LOCAL_CLUSTER.matcher(url).matches()) {
            throw new ConfigException("--master " + template + ": not local-cluster[executors,cores,MB]");
        }
        return new ScalingMaster(url, kind, workers);
    }

    private static Kind kindOf(String url) {
        if (url.startsWith("local-cluster")) {
            return Kind.LOCAL_CLUSTER;
        }
        if (url.equals("local") || url.startsWith("local[")) {
            return Kind.LOCAL;
        }
        return url.startsWith("spark://") ? Kind.STANDALONE : Kind.CLUSTER;
    }

    /** Executors the size must have before it trains: one per worker, none in local mode. */
    public int expectedExecutors() {
        return kind == Kind.LOCAL ? 0 : workers;
    }

    /** Whether the workers run on this machine (local and local-cluster), sharing its cores. */
    public boolean onThisMachine() {
        return kind == Kind.LOCAL || kind == Kind.LOCAL_CLUSTER;
    }

    /**
     * OpenMP threads per worker on this machine: its {@code cores} shared evenly, at least one; 0 on a cluster (left
     * to the cluster's settings).
     */
    public int threadsPerWorker(int cores) {
        return onThisMachine() ? Math.max(1, cores / workers) : 0;
    }

    /** More workers than {@code cores} on this machine: the workers time-share cores. Never said of a cluster. */
    public boolean oversubscribed(int cores) {
        return onThisMachine() && workers > cores;
    }

    /**
     * The size's Spark settings.
     *
     * @param waitSeconds   how long the application waits for its executors
     * @param executorCores cores per executor on a standalone cluster (local-cluster's come from its URL)
     * @param cores         this machine's cores (OpenMP threads of local-cluster executors)
     */
    public Map<String, String> sparkProperties(int waitSeconds, int executorCores, int cores) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spark.master", url);
        if (kind == Kind.LOCAL) {
            return p;
        }
        p.put("spark.dynamicAllocation.enabled", "false");
        p.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
        p.put("spark.scheduler.maxRegisteredResourcesWaitingTime", waitSeconds + "s");
        switch (kind) {
            case LOCAL_CLUSTER -> {
                Matcher m = LOCAL_CLUSTER.matcher(url);
                m.matches();
                int perExecutor = Integer.parseInt(m.group(2));
                p.put("spark.executor.cores", String.valueOf(perExecutor));
                p.put("spark.cores.max", String.valueOf(workers * perExecutor));
                p.put("spark.executor.memory", m.group(3) + "m");
                p.put("spark.executorEnv.OMP_NUM_THREADS", String.valueOf(threadsPerWorker(cores)));
            }
            case STANDALONE -> {
                p.put("spark.executor.cores", String.valueOf(executorCores));
                p.put("spark.cores.max", String.valueOf(workers * executorCores));
            }
            default -> p.put("spark.executor.instances", String.valueOf(workers));
        }
        return p;
    }
}
