package critdamp.spark.scaling;

import critdamp.base.ConfigException;
import critdamp.base.Json;
import critdamp.config.TrainConfig;
import critdamp.data.Datasets;
import critdamp.model.Models;
import critdamp.optim.WeightDecay;
import critdamp.report.ScalingChart;
import critdamp.run.BuildCommit;
import critdamp.run.Provenance;
import critdamp.run.RunFiles;
import critdamp.run.RunFolder;
import critdamp.run.RunMetrics;
import critdamp.scaling.ScalingMaster;
import critdamp.scaling.ScalingPlan;
import critdamp.scaling.ScalingPoint;
import critdamp.scaling.ScalingRow;
import critdamp.scaling.ScalingTables;
import critdamp.scaling.StudyFolder;
import critdamp.optim.UpdaterFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a scaling study: each run of the {@link ScalingPlan} as its own Spark application, one after the other, in a
 * {@link ChildJvm} that waits for all its executors and trains one ordinary run folder in the study folder
 * ({@code <resultsDir>/<study>/<mode>-w<K>/}); after each run the table ({@link ScalingTables}) and the plot
 * ({@link ScalingChart}) are rewritten from the runs done so far. A failing run is reported and the study goes on.
 * Resuming ({@link StudyFolder}) skips done runs and runs the others again from scratch.
 */
public final class ScalingStudy {
    private final ScalingPlan plan;
    private final String command;
    private final Class<?> mainClass;
    private final String sizeCommand;
    private final int cores = Runtime.getRuntime().availableProcessors();

    /** What a study left: its folder, the table's rows and the runs that failed (name: reason). */
    public record Outcome(String folder, List<ScalingRow> rows, List<String> failed) {
    }

    /**
     * @param plan        the runs, each with its config
     * @param command     the study's command line, for provenance
     * @param mainClass   the CLI's main class, which the children run
     * @param sizeCommand its subcommand that runs one size: {@code -c PLAN --executors N --executor-timeout S}
     */
    public ScalingStudy(ScalingPlan plan, String command, Class<?> mainClass, String sizeCommand) {
        this.plan = plan;
        this.command = command;
        this.mainClass = mainClass;
        this.sizeCommand = sizeCommand;
    }

    /** Runs (or, with {@code resume}, continues) the study; progress and the children's consoles go to {@code out}. */
    public Outcome run(boolean resume, PrintStream out) {
        checkSparkHome();
        Configuration conf = hadoopConfiguration();
        TrainConfig base = plan.base();
        try (RunFolder folder = RunFolder.open(conf, base.run().resultsDir(), base.run().name(), resume)) {
            return run(new StudyFolder(folder), resume, conf, out); // the study folder's lease held until the end
        }
    }

    private Outcome run(StudyFolder study, boolean resume, Configuration conf, PrintStream out) {
        TrainConfig base = plan.base();
        writePlans(study);
        writeProvenance(study.folder(), resume);
        long params = paramCount(base);
        List<String> failed = new ArrayList<>();
        List<ScalingPoint> runs = plan.runs();
        for (int i = 0; i < runs.size(); i++) {
            ScalingPoint p = runs.get(i);
            String head = String.format(Locale.ROOT, "[%d/%d] %s", i + 1, runs.size(), p.runName());
            if (resume && study.isDone(p.runName())) {
                out.println(head + ": done earlier, skipped");
                continue;
            }
            Path aside = study.moveAsideUnfinished(p.runName());
            if (aside != null) {
                out.println(head + ": unfinished earlier attempt moved to " + aside);
            }
            out.println(head + ": " + describe(p));
            ChildJvm.Result r = runSize(study, p, out);
            if (r.exitCode() != 0) {
                String reason = r.errorLine() != null ? r.errorLine() : "exit code " + r.exitCode();
                failed.add(p.runName() + ": " + reason);
                out.println(head + ": FAILED, going on with the next run: " + reason);
            }
            writeTables(conf, study, params);
        }
        return new Outcome(study.folder().toString(), writeTables(conf, study, params), failed);
    }

    /** Checks every run's config, as {@link #run} would start it, and starts nothing (a dry run). */
    public void check() {
        plan.runs().forEach(p -> plan.config(p, plan.base().run().resultsDir()));
    }

    /** Every run's config, checked before any run starts and kept in plans/ (the same as before, on resume). */
    private void writePlans(StudyFolder study) {
        for (ScalingPoint p : plan.runs()) {
            study.writePlan(p.runName(), Json.write(plan.config(p, study.folder().toString())));
        }
    }

    /** One size in its own JVM and Spark application; its console is kept in logs/. */
    private ChildJvm.Result runSize(StudyFolder study, ScalingPoint p, PrintStream out) {
        ScalingMaster m = p.master();
        Map<String, String> spark = m.sparkProperties(plan.spec().executorTimeoutSeconds(),
                Integer.parseInt(System.getProperty("spark.executor.cores", "1")), cores);
        List<String> args = List.of(sizeCommand, "-c", study.planLocation(p.runName()),
                "--executors", String.valueOf(m.expectedExecutors()),
                "--executor-timeout", String.valueOf(plan.spec().executorTimeoutSeconds()),
                "--study-command", command);
        Map<String, String> env = m.onThisMachine()
                ? Map.of("OMP_NUM_THREADS", String.valueOf(m.threadsPerWorker(cores))) : Map.of();
        ChildJvm.Result r = ChildJvm.run(ChildJvm.command(mainClass, args, spark), env, "  [" + p.runName() + "] ",
                out);
        study.writeLog(p.runName(), r.output());
        return r;
    }

    private String describe(ScalingPoint p) {
        ScalingMaster m = p.master();
        String threads = m.onThisMachine() ? ", " + m.threadsPerWorker(cores) + " OpenMP thread(s) per worker" : "";
        String over = m.oversubscribed(cores) ? "; OVERSUBSCRIBED: " + p.workers() + " workers on " + cores
                + " cores" : "";
        return String.format(Locale.ROOT, "%d workers x batch %d (global %d), peak lr %s (%s), master %s%s%s",
                p.workers(), p.perWorkerBatch(), p.globalBatch(), p.learningRate(), plan.momentumAtPeak(p), m.url(),
                threads, over);
    }

    /** The rows of every point whose run is done, the table and the plot. */
    private List<ScalingRow> writeTables(Configuration conf, StudyFolder study, long params) {
        List<ScalingRow> rows = new ArrayList<>();
        for (ScalingPoint p : plan.points()) {
            if (study.isDone(p.runName())) {
                RunMetrics m = RunMetrics.read(conf, study.runFolder(p.runName()));
                rows.add(ScalingRow.measure(p, m, plan.base().spark().averagingFrequency(), params, plan.target(),
                        cores));
            }
        }
        rows = ScalingTables.withEfficiency(rows);
        if (!rows.isEmpty()) {
            ScalingTables.write(study.folder(), rows, heading(), notes());
            ScalingChart.write(study.folder(), plan.base().run().name(), rows);
        }
        return rows;
    }

    private List<String> heading() {
        TrainConfig b = plan.base();
        String records = b.data().maxTrainRecords() == null ? "unset" : String.valueOf(b.data().maxTrainRecords());
        return List.of("# Scaling study " + b.run().name(),
                String.format(Locale.ROOT, "`%s` (commit %s, %s); this machine: %d cores. Each size is its own Spark "
                                + "application; training.epochs %d, data.maxTrainRecords %s, averaging every %d "
                                + "steps; time to %.0f%% test accuracy (checked at epoch ends). Round times are "
                                + "medians over the rounds after the first.", command, BuildCommit.current(),
                        Provenance.now(), cores, b.training().epochs(), records, b.spark().averagingFrequency(),
                        100 * plan.target()),
                "Strong scaling: global batch fixed, per-worker batch = global / K. Weak scaling: per-worker batch "
                        + "fixed, global batch = K x per-worker. " + plan.ruleLine() + ".");
    }

    private List<String> notes() {
        List<String> notes = new ArrayList<>();
        for (ScalingPoint p : plan.points()) {
            notes.add(String.format(Locale.ROOT, "- %s: peak lr %s, %s%s", p.name(), p.learningRate(),
                    plan.momentumAtPeak(p), p.ownsRun() ? "" : "; the same training as " + p.runName()
                            + ", measured once"));
        }
        if (plan.points().stream().anyMatch(p -> p.master().oversubscribed(cores))) {
            notes.add("- Oversubscribed rows run more workers than this machine has cores: their workers time-share "
                    + "cores, so their efficiency measures that sharing, not what more machines would give.");
        }
        return notes;
    }

    private void writeProvenance(RunFolder folder, boolean resume) {
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("command", command);
        provenance.put("time", Provenance.now());
        provenance.put("commit", BuildCommit.current());
        provenance.put("cores", cores);
        provenance.put("spec", plan.spec());
        provenance.put("rule", plan.ruleLine());
        provenance.put("target", plan.target());
        provenance.put("points", plan.points());
        folder.writeAtomically(resume ? "run-resumed-" + System.currentTimeMillis() + ".json" : RunFiles.RUN_JSON,
                Json.write(provenance));
    }

    /** The model's parameter count: the length of the vector every round averages. */
    private static long paramCount(TrainConfig cfg) {
        return Models.build(cfg.model().kind(), Datasets.inputShape(cfg.data().dataset()),
                Datasets.numClasses(cfg.data().dataset()), UpdaterFactory.create(cfg.optimizer().kind()),
                cfg.run().seed(), new WeightDecay(cfg.optimizer().weightDecay())).numParams();
    }

    /** local-cluster executors start from $SPARK_HOME/jars: say so before any size runs, not after a timeout. */
    private void checkSparkHome() {
        boolean localCluster = plan.points().stream()
                .anyMatch(p -> p.master().kind() == ScalingMaster.Kind.LOCAL_CLUSTER);
        String home = System.getenv("SPARK_HOME");
        if (localCluster && (home == null || !Files.isDirectory(java.nio.file.Path.of(home, "jars")))) {
            throw new ConfigException("--master local-cluster[...] starts executor JVMs from $SPARK_HOME/jars, "
                    + (home == null ? "and SPARK_HOME is not set" : "and " + home + "/jars does not exist")
                    + ": make one with bench/prepare-spark-home.sh (Spark's and critdamp's jars) and export "
                    + "SPARK_HOME=<the folder it prints>");
        }
    }

    /** Hadoop settings as a Spark application gets them: the defaults plus every spark.hadoop.* property. */
    private static Configuration hadoopConfiguration() {
        Configuration conf = new Configuration();
        for (String k : System.getProperties().stringPropertyNames()) {
            if (k.startsWith("spark.hadoop.")) {
                conf.set(k.substring("spark.hadoop.".length()), System.getProperty(k));
            }
        }
        return conf;
    }
}
