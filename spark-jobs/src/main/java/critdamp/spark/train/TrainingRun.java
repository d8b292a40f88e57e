package critdamp.spark.train;

import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import critdamp.fastpath.FastCpuPath;
import critdamp.model.Models;
import critdamp.model.WeightDecay;
import critdamp.train.UpdaterFactory;
import org.nd4j.linalg.learning.config.IUpdater;
import critdamp.run.Checkpoints;
import critdamp.run.Provenance;
import critdamp.run.RunFolder;
import critdamp.report.RunReport;
import critdamp.run.TrainingPosition;
import critdamp.spark.data.TrainingDataSets;
import critdamp.train.TargetTracker;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One training run end to end, as the {@code train} command (and later sweeps) run it: open the run folder, locate,
 * verify and load the configured data set ({@link TrainingDataSets}), write the config and provenance, build (with the
 * data set's input shape) or restore the model, train, write the summary.
 */
public final class TrainingRun {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    private TrainingRun() {
    }

    /** How a run ended. */
    public record Outcome(String runFolder, DistributedTrainer.Result result) {
        public String summaryLine() {
            String targets = result.targets().stream().filter(TargetTracker.Crossing::reached)
                    .map(c -> String.format("%.0f%%@epoch %d (%.0fs)", c.target() * 100, c.epoch(), c.wallSeconds()))
                    .collect(Collectors.joining(", "));
            return String.format("RESULT test accuracy %.4f (best %.4f) after %d epochs, %d steps, %.1f s; "
                            + "targets reached: %s; run folder %s", result.finalTestAccuracy(),
                    result.bestTestAccuracy(), result.epochs(), result.steps(), result.wallSeconds(),
                    targets.isEmpty() ? "none" : targets, runFolder);
        }
    }

    /** Writes (or rewrites) the run's HTML report; a report failure is logged, never fails the run. */
    public static void writeReport(RunFolder folder) {
        try {
            RunReport.Written w = RunReport.write(folder);
            System.out.println("report: " + w.html());
        } catch (RuntimeException e) {
            LOG.warn("could not write the report for {}: {}", folder, e.getMessage());
        }
    }

    public static Outcome run(TrainConfig cfg, boolean resume, String command) {
        FastCpuPath.enableDefaults();
        JavaSparkContext sc = SparkContexts.getOrCreate("critdamp-train-" + cfg.run().name(), cfg.spark().master());
        RunFolder folder = RunFolder.open(sc.hadoopConfiguration(), cfg.run().resultsDir(), cfg.run().name(), resume);
        System.out.println("run folder: " + folder);

        TrainingDataSets.Loaded data = TrainingDataSets.load(sc, cfg);
        TrainingData trainingData = data.data();
        try {
            Map<String, String> sparkInfo = new LinkedHashMap<>();
            sparkInfo.put("master", sc.master());
            sparkInfo.put("defaultParallelism", String.valueOf(sc.defaultParallelism()));
            sparkInfo.put("executors", String.valueOf(sc.sc().getExecutorMemoryStatus().size()));
            sparkInfo.put("workers", String.valueOf(cfg.spark().workers()));
            Provenance provenance = new Provenance(command, Provenance.now(), cfg.run().seed(),
                    Provenance.versions(sc.version()), Provenance.backendInfo(), sparkInfo, data.provenance(), cfg);
            if (!resume) {
                folder.writeAtomically("config.json", ConfigLoader.toJson(cfg));
            }
            folder.writeAtomically(resume ? "run-resumed-" + System.currentTimeMillis() + ".json"
                    : RunFolder.RUN_JSON, ConfigLoader.toJson(provenance));

            long totalSteps = DistributedTrainer.plan(cfg, trainingData).stepsPerEpoch()
                    * (long) cfg.training().epochs();
            ComputationGraph model;
            TrainingPosition start;
            if (resume) {
                Checkpoints.Loaded loaded = new Checkpoints(folder).latestGood().orElseThrow(() ->
                        new IllegalStateException("--resume: no usable checkpoint in " + folder + "/checkpoints"));
                System.out.printf("resuming from %s at epoch %d, round %d, step %d%n", loaded.file(),
                        loaded.position().epoch() + 1, loaded.position().roundInEpoch(),
                        loaded.position().globalStep());
                model = loaded.model();
                start = loaded.position();
            } else {
                IUpdater updater = UpdaterFactory.create(cfg.optimizer(), cfg.learningRate(), cfg.momentum(),
                        totalSteps);
                model = Models.build(cfg.model().kind(), data.inputShape(), data.numClasses(), updater,
                        cfg.run().seed(), new WeightDecay(cfg.optimizer().weightDecay()));
                start = TrainingPosition.START;
            }
            FastCpuPath.logReport(FastCpuPath.report(model));
            LOG.info("model {} on {} ({}): {} parameters", cfg.model().kind(), cfg.data().dataset().configName(),
                    data.inputShape(), model.numParams());

            DistributedTrainer.Result result = new DistributedTrainer(sc, cfg, folder, System.out)
                    .train(model, start, trainingData);
            folder.writeAtomically("summary.json", ConfigLoader.toJson(result));
            writeReport(folder);
            return new Outcome(folder.toString(), result);
        } finally {
            trainingData.release();
        }
    }
}
