package critdamp.spark.cli;

import critdamp.base.EnumChoice;
import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import critdamp.scaling.LearningRateRule;
import critdamp.scaling.ScalingMode;
import critdamp.scaling.ScalingPlan;
import critdamp.scaling.ScalingPoint;
import critdamp.scaling.ScalingTables;
import critdamp.scaling.StudySpec;
import critdamp.spark.scaling.ScalingStudy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code critdamp scaling}: a scaling study, strong and/or weak, over worker counts; each size its own Spark
 * application ({@link ScalingStudy}); one table and one plot in the study folder.
 */
@Command(name = "scaling", mixinStandardHelpOptions = true,
        description = {"Scaling study: train the config once per worker count K, each as its own Spark application "
                + "that waits for all its executors, and write one table (scaling.md/.csv/.jsonl: images/s, "
                + "efficiency against the smallest size, each round split into the slowest worker's compute, "
                + "broadcast, aggregation and the rest, bytes per round, time to target accuracy, final accuracy) "
                + "and one plot (scaling.png) in <run.resultsDir>/<run.name>/.",
                "Strong scaling keeps the global batch (K0 x training.batchSize, or --global-batch) and shrinks each "
                        + "worker's; weak scaling keeps training.batchSize per worker, so the global batch grows. The "
                        + "peak learning rate follows the global batch by --lr-rule; physics momentum follows it "
                        + "(mu = 1 - 2 sqrt(alpha)).",
                "--master takes {N} for K: local[{N}] (threads of one JVM) or local-cluster[{N},1,MB] (N executor "
                        + "JVMs; needs SPARK_HOME with Spark's and critdamp's jars, bench/prepare-spark-home.sh); on "
                        + "a cluster (spark://, yarn, k8s://) K executors are asked for. On one machine, OpenMP "
                        + "threads per worker are its cores / K, at least 1; more workers than cores is reported as "
                        + "oversubscribed."},
        footer = {"", "Examples:",
                "  critdamp scaling -c conf/scaling-small-cnn.yaml --workers 1,2,4 \\",
                "      --master 'local-cluster[{N},1,1536]'",
                "  critdamp scaling -c conf/scaling-small-cnn.yaml --workers 1,2 --mode weak --lr-rule sqrt --dry-run",
                "  critdamp scaling -c conf/scaling-small-cnn.yaml --workers 1,2,4 --resume   # skip finished sizes"})
public final class ScalingCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "the train config every size starts from (YAML/JSON; a local path or a Hadoop URI)")
    String config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a config value (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--workers", required = true, split = ",", paramLabel = "K",
            description = "worker counts, e.g. 1,2,4")
    List<Integer> workers;

    @Option(names = "--mode", paramLabel = "strong|weak|both", description = "Default: ${DEFAULT-VALUE}",
            defaultValue = "both")
    String mode;

    @Option(names = "--lr-rule", paramLabel = "linear|sqrt|none",
            description = "peak learning rate from the global batch B: linear alpha0*B/B0, sqrt alpha0*sqrt(B/B0), "
                    + "none alpha0. Default: ${DEFAULT-VALUE}", defaultValue = "linear")
    String lrRule;

    @Option(names = "--max-lr", paramLabel = "ALPHA", description = "cap on every size's peak learning rate")
    Double maxLr;

    @Option(names = "--global-batch", paramLabel = "B", description = "strong scaling's global batch (default: the "
            + "smallest size's, K0 x training.batchSize)")
    Integer globalBatch;

    @Option(names = "--target", paramLabel = "ACC", description = "test accuracy for the time-to-target column "
            + "(default: the smallest of training.targetAccuracies)")
    Double target;

    @Option(names = "--stop-at-target", description = "stop each size at the target instead of training all epochs")
    boolean stopAtTarget;

    @Option(names = "--master", paramLabel = "TEMPLATE", description = "Spark master with {N} for the worker count. "
            + "Default: ${DEFAULT-VALUE}", defaultValue = "local[{N}]")
    String master;

    @Option(names = "--executor-timeout", paramLabel = "SECONDS", description = "how long each size waits for all its "
            + "executors before it fails. Default: ${DEFAULT-VALUE}", defaultValue = "120")
    int executorTimeout;

    @Option(names = "--resume", description = "continue <resultsDir>/<name>: skip finished sizes, rerun the others")
    boolean resume;

    @Option(names = "--dry-run", description = "print the plan (every size's config validated) and stop")
    boolean dryRun;

    @Override
    public Integer call() {
        TrainConfig base = ConfigLoader.load(config, overrides, TrainConfig.class);
        List<ScalingMode> modes = mode.equalsIgnoreCase("both") ? List.of(ScalingMode.STRONG, ScalingMode.WEAK)
                : List.of(EnumChoice.parse(ScalingMode.class, mode, "--mode"));
        StudySpec spec = new StudySpec(workers, modes, EnumChoice.parse(LearningRateRule.class, lrRule, "--lr-rule"),
                globalBatch, maxLr, target, stopAtTarget, master, executorTimeout);
        ScalingPlan plan = ScalingPlan.of(base, spec);
        System.out.printf(Locale.ROOT, "scaling %s: %d runs for %d points; %s; target %.2f%n", base.run().name(),
                plan.runs().size(), plan.points().size(), plan.ruleLine(), plan.target());
        for (ScalingPoint p : plan.points()) {
            System.out.printf(Locale.ROOT, "  %-10s %d x batch %d = %d, peak lr %s, %s, master %s%s%n", p.name(),
                    p.workers(), p.perWorkerBatch(), p.globalBatch(), p.learningRate(), plan.momentumAtPeak(p),
                    p.master().url(), p.ownsRun() ? "" : " (shares run " + p.runName() + ")");
        }
        ScalingStudy study = new ScalingStudy(plan, commandLine(), CritdampMain.class, ScalingSizeCommand.NAME);
        if (dryRun) {
            study.check();
            return 0;
        }
        ScalingStudy.Outcome outcome = study.run(resume, System.out);
        outcome.failed().forEach(f -> System.out.println("  FAILED " + f));
        System.out.printf("RESULT scaling %s: %d of %d runs failed; %s, %s and scaling.png in %s%n",
                base.run().name(), outcome.failed().size(), plan.runs().size(), ScalingTables.MARKDOWN,
                ScalingTables.JSONL, outcome.folder());
        return outcome.failed().isEmpty() ? 0 : 1;
    }

    private String commandLine() {
        StringBuilder sb = new StringBuilder("critdamp scaling -c ").append(config).append(" --workers ")
                .append(workers.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse(""))
                .append(" --mode ").append(mode).append(" --lr-rule ").append(lrRule).append(" --master '")
                .append(master).append('\'');
        overrides.forEach(o -> sb.append(" --set ").append(o));
        append(sb, "--max-lr", maxLr);
        append(sb, "--global-batch", globalBatch);
        append(sb, "--target", target);
        if (stopAtTarget) {
            sb.append(" --stop-at-target");
        }
        if (resume) {
            sb.append(" --resume");
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, String option, Object value) {
        if (value != null) {
            sb.append(' ').append(option).append(' ').append(value);
        }
    }
}
