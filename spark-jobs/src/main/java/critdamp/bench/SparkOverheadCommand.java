package critdamp.bench;

import critdamp.engine.EngineKind;
import critdamp.config.SparkSpec;
import critdamp.fastpath.FastCpuPath;
import critdamp.model.ModelKind;
import critdamp.spark.train.ExecutorFastPathCheck;
import critdamp.spark.train.ExecutorHelpers;
import critdamp.spark.train.SparkContexts;
import critdamp.spark.train.TrainingMasterFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code critdamp bench spark-overhead}: the same training (network, batch, images) either in this one JVM
 * ({@code --master none}) or through the project's Spark path — {@code SparkComputationGraph} with the
 * {@link TrainingMasterFactory parameter-averaging master} the train job uses — on a given master
 * ({@code local[N]}: threads of this JVM; {@code local-cluster[N,1,MB]}: N executor JVMs, needs SPARK_HOME with
 * jars). One mode per JVM invocation, so bench/run-spark-overhead.sh can alternate them and set OMP threads per mode.
 * A warm-up pass (one averaging round) is left out of the timing, as is loading the data onto the executors.
 */
@Command(name = "spark-overhead", mixinStandardHelpOptions = true,
        description = "Training images/s in one JVM (--master none) or via Spark parameter averaging.")
public final class SparkOverheadCommand implements Callable<Integer> {
    @Option(names = "--master", description = "none (plain JVM), local[N] or local-cluster[N,1,MB]. Default: ${DEFAULT-VALUE}",
            defaultValue = "none")
    String master;

    @Option(names = "--workers", description = "parameter-averaging workers (data partitions). Default: ${DEFAULT-VALUE}",
            defaultValue = "2")
    int workers;

    @Mixin
    BenchModelOptions subject;

    @Option(names = "--images", description = "timed training images. Default: ${DEFAULT-VALUE}", defaultValue = "6400")
    int images;

    @Option(names = "--averaging-frequency", description = "minibatches per worker per round. Default: ${DEFAULT-VALUE}",
            defaultValue = "5")
    int averagingFrequency;

    @Mixin
    ResultOptions results;

    /** One timed training: its seconds, which layer path ran, and the Spark master and executors ("-" without). */
    private record Timing(double seconds, String path, String sparkInfo) {
    }

    @Override
    public Integer call() throws Exception {
        FastCpuPath.enableDefaults();
        String loadBefore = MachineInfo.loadAverage();
        ModelKind kind = subject.kind();
        int warmBatches = workers * averagingFrequency;
        BenchData d = subject.load(images + warmBatches * subject.batch);
        List<DataSet> warm = d.batches().subList(0, warmBatches);
        List<DataSet> timed = d.batches().subList(warm.size(), d.batches().size());
        long timedImages = timed.stream().mapToLong(DataSet::numExamples).sum();
        ComputationGraph net = subject.network();
        Timing timing = master.equals("none") ? inThisJvm(net, warm, timed) : viaSpark(net, warm, timed);
        report(kind, timing, timedImages, loadBefore, d.source());
        return 0;
    }

    /** The warm-up, then the timed batches, fitted one by one in this JVM. */
    private static Timing inThisJvm(ComputationGraph net, List<DataSet> warm, List<DataSet> timed) {
        String path = FastCpuPath.report(net).allFast() ? "fast" : "default";
        warm.forEach(net::fit);
        long t0 = System.nanoTime();
        timed.forEach(net::fit);
        return new Timing((System.nanoTime() - t0) / 1e9, path, "-");
    }

    /**
     * The warm-up round, then the timed batches, through the train job's parameter-averaging master on
     * {@code --master}; the data is on the executors before the clock starts. Stops the Spark context.
     */
    private Timing viaSpark(ComputationGraph net, List<DataSet> warm, List<DataSet> timed) {
        JavaSparkContext sc = SparkContexts.getOrCreate("critdamp-bench-spark-overhead", master, EngineKind.DL4J); // a DL4J graph
        try {
            ParameterAveragingTrainingMaster tm = TrainingMasterFactory.create(
                    new SparkSpec(master, workers, averagingFrequency, true, 2, false), subject.batch, 1);
            ExecutorFastPathCheck fastPath = new ExecutorFastPathCheck(sc);
            tm.addHook(fastPath.hook());
            SparkComputationGraph spark = new SparkComputationGraph(sc, net, tm);
            JavaRDD<DataSet> warmRdd = sc.parallelize(warm, workers).persist(StorageLevel.MEMORY_ONLY());
            JavaRDD<DataSet> timedRdd = sc.parallelize(timed, workers).persist(StorageLevel.MEMORY_ONLY());
            warmRdd.count();
            timedRdd.count();
            spark.fit(warmRdd);
            long t0 = System.nanoTime();
            spark.fit(timedRdd);
            double seconds = (System.nanoTime() - t0) / 1e9;
            fastPath.collect(); // logs each executor's path
            return new Timing(seconds, pathOf(fastPath.executors()),
                    sc.master() + ", executors " + (sc.sc().getExecutorMemoryStatus().size()));
        } finally {
            sc.stop();
        }
    }

    /** Prints the result line and appends the result to the bench results. */
    private void report(ModelKind kind, Timing timing, long timedImages, String loadBefore, String dataSource) {
        double imgPerSec = timedImages / timing.seconds();
        System.out.printf("spark-overhead %s master %s workers %d: %d images in %.2f s = %.1f img/s (batch %d, "
                        + "averaging every %d; %s path; %s; data %s)%n", kind.configName(), master, workers,
                timedImages, timing.seconds(), imgPerSec, subject.batch, averagingFrequency, timing.path(),
                timing.sparkInfo(), dataSource);
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("model", kind.configName());
        head.put("master", master);
        head.put("workers", master.equals("none") ? 1 : workers);
        head.put("OMP", MachineInfo.current().ompNumThreads());
        head.put("images", timedImages);
        head.put("seconds", timing.seconds());
        head.put("img/s", imgPerSec);
        head.put("label", results.label);
        head.put("load before", loadBefore);
        head.put("load after", MachineInfo.loadAverage());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("batch", subject.batch);
        details.put("averagingFrequency", averagingFrequency);
        details.put("spark", timing.sparkInfo());
        details.put("path", timing.path());
        details.put("dataSource", dataSource);
        results.writer("spark-overhead").append(head, details);
    }

    /** "fast" when every executor's layers ran the oneDNN helpers, "default" when none did, else "mixed". */
    private static String pathOf(List<ExecutorHelpers> executors) {
        long fast = executors.stream().filter(ExecutorHelpers::allFast).count();
        return fast == executors.size() ? "fast" : fast == 0 ? "default" : "mixed";
    }
}
