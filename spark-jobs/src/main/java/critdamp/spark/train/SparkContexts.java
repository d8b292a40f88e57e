package critdamp.spark.train;

import critdamp.fastpath.FastCpuPath;
import org.deeplearning4j.spark.time.SystemClockTimeSource;
import org.deeplearning4j.spark.time.TimeSourceProvider;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Creates the application's Spark context. A master set by {@code spark-submit} wins; otherwise the config's
 * (default {@code local[2]}: the embedded mode, no cluster needed).
 */
public final class SparkContexts {
    private SparkContexts() {
    }

    /**
     * DL4J's training stats (spark.collectTimings) timestamp events with an NTP clock by default, which needs a time
     * server on the internet; durations are all we use, so the system clock is enough and works offline.
     */
    static final String SYSTEM_CLOCK_STATS = "-D" + TimeSourceProvider.TIMESOURCE_CLASSNAME_PROPERTY + "="
            + SystemClockTimeSource.class.getName();

    /** Makes this JVM's (the driver's, and local mode's workers') DL4J stats use the system clock, unless set. */
    static void useSystemClockForStats() {
        if (System.getProperty(TimeSourceProvider.TIMESOURCE_CLASSNAME_PROPERTY) == null) {
            System.setProperty(TimeSourceProvider.TIMESOURCE_CLASSNAME_PROPERTY, SystemClockTimeSource.class.getName());
        }
    }

    public static JavaSparkContext getOrCreate(String appName, String defaultMaster) {
        SparkConf conf = new SparkConf().setAppName(appName);
        if (!conf.contains("spark.master")) {
            conf.setMaster(defaultMaster);
        }
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        }
        // Executors need the same native build and fast-path switch as the driver (STACK.md); spark-submit users may
        // override this with their own --conf spark.executor.extraJavaOptions.
        conf.setIfMissing("spark.executor.extraJavaOptions", FastCpuPath.jvmOptions() + " " + SYSTEM_CLOCK_STATS);
        // DL4J trains on its own native threads: one Spark task per worker partition at a time.
        conf.setIfMissing("spark.task.cpus", "1");
        conf.setIfMissing("spark.locality.wait", "0s");
        return JavaSparkContext.fromSparkContext(org.apache.spark.SparkContext.getOrCreate(conf));
    }
}
