package critdamp.spark.train;

import critdamp.engine.EngineKind;
import critdamp.gpu.BackendChoice;
import critdamp.gpu.CudaSupport;
import critdamp.fastpath.FastCpuPath;
import critdamp.spark.executor.Nd4jBackendPlugin;
import org.deeplearning4j.spark.time.SystemClockTimeSource;
import org.deeplearning4j.spark.time.TimeSourceProvider;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Creates the application's Spark context (after settling this JVM's ND4J backend and fast path: every command that
 * trains or evaluates starts here). A master set by {@code spark-submit} wins; otherwise the config's
 * (default {@code local[2]}: the embedded mode, no cluster needed). Whatever launched the driver (the launcher,
 * spark-submit, a manifest, a cluster's defaults), the settings critdamp depends on are merged in, not assumed.
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

    /** Kryo registrations DL4J's arrays need when a cluster's defaults switch Spark to Kryo. */
    static final String ND4J_KRYO_REGISTRATOR = "org.nd4j.kryo.Nd4jRegistrator";
    private static final String KRYO_SERIALIZER = "org.apache.spark.serializer.KryoSerializer";

    /**
     * The Spark context of a command that trains with {@code engine}: this JVM's backends are chosen for it (with
     * torch, ND4J stays on the CPU and libtorch takes the GPU), a visible GPU outside the engine's range is refused in
     * one line ({@link BackendChoice#require}), and the executors' plugin is told the engine
     * ({@link Nd4jBackendPlugin#ENGINE_CONF}) so that each checks and binds its GPU for it.
     */
    public static JavaSparkContext getOrCreate(String appName, String defaultMaster, EngineKind engine) {
        if (System.getProperty(BackendChoice.ENGINE_PROPERTY) == null) {
            System.setProperty(BackendChoice.ENGINE_PROPERTY, engine.configName());
        }
        // This JVM (the driver; in local mode also every worker) gets the fast path even when its launcher's
        // spark.driver.extraJavaOptions replaced the flags; effective as long as ND4J has not loaded yet.
        FastCpuPath.enableDefaults();
        BackendChoice.prepare().require(CudaSupport.forEngine(engine.configName()));
        SparkConf conf = configure(new SparkConf().setAppName(appName), defaultMaster);
        conf.set(Nd4jBackendPlugin.ENGINE_CONF, engine.configName());
        return JavaSparkContext.fromSparkContext(org.apache.spark.SparkContext.getOrCreate(conf));
    }

    /**
     * Adds what every critdamp application needs to {@code conf}, merged into what spark-submit, the cluster's
     * defaults or the user set, never replacing it: the master when none is set; DL4J's fast-path flags and the
     * system-clock stats appended to {@code spark.executor.extraJavaOptions} (see {@link JavaOptions#merge}); ND4J's
     * Kryo registrator where the serializer is Kryo; the executors' {@link Nd4jBackendPlugin} added to
     * {@code spark.plugins}; one Spark task per worker partition at a time.
     */
    static SparkConf configure(SparkConf conf, String defaultMaster) {
        if (!conf.contains("spark.master")) {
            conf.setMaster(defaultMaster);
        }
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        }
        conf.set("spark.executor.extraJavaOptions", JavaOptions.merge(
                conf.get("spark.executor.extraJavaOptions", ""), FastCpuPath.jvmOptions() + " " + SYSTEM_CLOCK_STATS));
        // Every executor settles ND4J's backend and fast path at start and binds each task to its Spark GPU.
        conf.set("spark.plugins", appendToList(conf.get("spark.plugins", ""), Nd4jBackendPlugin.class.getName()));
        if (KRYO_SERIALIZER.equals(conf.get("spark.serializer", ""))) {
            conf.set("spark.kryo.registrator", appendToList(conf.get("spark.kryo.registrator", ""),
                    ND4J_KRYO_REGISTRATOR));
        }
        // DL4J trains on its own native threads: one Spark task per worker partition at a time.
        conf.setIfMissing("spark.task.cpus", "1");
        conf.setIfMissing("spark.locality.wait", "0s");
        return conf;
    }

    /** A comma-separated Spark list with {@code item} added once. */
    static String appendToList(String list, String item) {
        if (list.isBlank()) {
            return item;
        }
        for (String s : list.split(",")) {
            if (s.trim().equals(item)) {
                return list;
            }
        }
        return list + "," + item;
    }
}
