package critdamp.spark.train;

import critdamp.run.RunFiles;
import critdamp.spark.data.TrainingData;
import critdamp.base.Json;
import critdamp.config.TrainConfig;
import critdamp.engine.Engine;
import critdamp.spark.executor.Engines;
import critdamp.run.Checkpoints;
import critdamp.run.Provenance;
import critdamp.run.RunFolder;
import critdamp.report.RunReport;
import critdamp.spark.data.TrainingDataSets;
import critdamp.train.RunExtensions;
import critdamp.train.TargetTracker;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One training run end to end, as the {@code train} command (and sweeps) run it: locate, verify and load the
 * configured data set ({@link TrainingDataSets}), claim or reopen the run folder, write the config and provenance,
 * build (with the data set's input shape) or restore the model, train, write the summary.
 */
public final class TrainingRun {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    private TrainingRun() {
    }

    /** How a run ended. */
    public record Outcome(String runFolder, DistributedTrainer.Result result) {
        public String summaryLine() {
            String targets = result.testTargets().stream().filter(TargetTracker.Crossing::reached)
                    .map(c -> String.format("%.0f%%@epoch %d (%.0fs)", c.target() * 100, c.epoch(), c.wallSeconds()))
                    .collect(Collectors.joining(", "));
            String best = result.bestValidationEpoch() == 0 ? "no validation split"
                    : String.format("best validation %.4f at epoch %d, test there %.4f",
                    result.bestValidationAccuracy(), result.bestValidationEpoch(),
                    result.testAccuracyAtBestValidation());
            return String.format("RESULT test accuracy %.4f (validation %.4f; %s) after %d epochs, %d steps, "
                            + "%.1f s; test targets reached: %s; run folder %s", result.finalTestAccuracy(),
                    result.finalValidationAccuracy(), best, result.epochs(), result.steps(), result.wallSeconds(),
                    targets.isEmpty() ? "none" : targets, runFolder);
        }
    }

    /**
     * Writes (or rewrites) the run's HTML report; a report failure is logged, never fails the run. While the process
     * is stopping ({@link RunStop}) a failure is expected and not shown: the JVM then refuses new shutdown hooks, and
     * ImageIO adds one when it first writes a chart (a run stopped before its first epoch's report).
     */
    public static void writeReport(RunFolder folder) {
        try {
            RunReport.write(folder); // logs where it wrote the report: the one console line about it
        } catch (RuntimeException e) {
            if (RunStop.signal().isPresent()) {
                LOG.debug("no final report for {} while stopping: {}", folder, e.getMessage());
            } else {
                LOG.warn("could not write the report for {}: {}", folder, e.getMessage());
            }
        }
    }

    /**
     * Runs one training run. The data set is loaded and every file checked (sizes, every label) before the run
     * folder is claimed, so bad data leaves nothing behind; a new run that fails before its first averaging round
     * removes the folder it claimed. A resumed run first removes the temporary files of interrupted writes and the
     * checkpoints beyond retention, so that a run that filled its disk can go on once it has room.
     */
    public static Outcome run(TrainConfig cfg, boolean resume, String command) {
        return run(cfg, resume, 0, command);
    }

    /**
     * {@link #run(TrainConfig, boolean, String)}, extending a resumed run by {@code extendEpochs} epochs (0: none).
     * A resume is checked first, before any Spark context starts and without writing ({@link Resumption}): a config
     * that changes training refuses it.
     */
    public static Outcome run(TrainConfig given, boolean resume, int extendEpochs, String command) {
        Resumption resumption = resume ? Resumption.check(given, extendEpochs, command) : null;
        TrainConfig cfg = resume ? resumption.config() : given;
        JavaSparkContext sc = SparkContexts.getOrCreate("critdamp-train-" + cfg.run().name(), cfg.spark().master(),
                cfg.engine());
        TrainingDataSets.Loaded data = TrainingDataSets.load(sc, cfg);
        TrainingData trainingData = data.data();
        RunFolder folder = null;
        try {
            folder = RunFolder.open(sc.hadoopConfiguration(), cfg.run().resultsDir(), cfg.run().name(), resume);
            System.out.println("run folder: " + folder);
            return train(sc, cfg, resumption, command, data, folder);
        } catch (RuntimeException | Error e) {
            if (removeIfNothingTrained(folder, e)) {
                RunStop.folderRemoved();
            } else {
                finalReport(folder, e); // the live report stops reloading and saying "in progress"
            }
            throw e;
        } finally {
            trainingData.release();
            if (folder != null) {
                folder.close(); // releases the run folder's lease
            }
        }
    }

    private static Outcome train(JavaSparkContext sc, TrainConfig cfg, Resumption resumption, String command,
                                 TrainingDataSets.Loaded data, RunFolder folder) {
        boolean resume = resumption != null;
        TrainingData trainingData = data.data();
        Checkpoints checkpoints = new Checkpoints(folder, cfg.training().keepCheckpoints());
        Engine engine = Engines.of(cfg.engine());
        if (resume) {
            folder.removeStaleTemporaries();
        }
        DriverModel model = resume ? DriverModel.restore(engine, checkpoints, folder) : null;
        if (model != null) {
            checkpoints.prune(model.start().globalRound());
        }

        writeProvenance(sc, cfg, resume, command, data, folder, engine);
        if (resume) {
            resumption.extension().ifPresent(extended -> recordExtension(folder, resumption.recorded(), extended));
        }
        String folderName = folder.root().getName();
        RunStop.training(folder.toString(), folderName.equals(cfg.run().name()) ? null : folderName,
                model == null ? null : folder.relativize(model.file()),
                model == null ? null : RunStop.position(model.start()));

        if (model != null) {
            System.out.printf("resuming from %s at epoch %d, round %d, step %d%n", model.file(),
                    model.start().epoch() + 1, model.start().roundInEpoch(), model.start().globalStep());
        } else {
            model = DriverModel.create(engine, cfg, data);
        }
        // The layers' oneDNN helpers are logged by the JVMs that train (ExecutorFastPathCheck): in local mode that
        // is this one, and logging the driver's copy too printed every line twice.
        LOG.info("model {} on {} ({}), engine {} ({}): {} parameters", cfg.model().kind(),
                cfg.data().dataset().configName(), data.inputShape(), cfg.engine().configName(),
                engine.nativeLibrary(), model.numParams());

        DistributedTrainer.Result result;
        try (DriverModel trained = model) {
            result = trained.train(new DistributedTrainer(sc, cfg, folder, System.out), trainingData);
        }
        folder.writeAtomically(RunFiles.SUMMARY_JSON,
                Json.write(result.withLastCheckpoint(folder.relativize(result.lastCheckpoint()))));
        writeReport(folder);
        return new Outcome(folder.toString(), result);
    }

    /** Writes config.json (a new run) and the provenance: run.json, or run-resumed-TIME.json for a resumed run. */
    private static void writeProvenance(JavaSparkContext sc, TrainConfig cfg, boolean resume, String command,
                                        TrainingDataSets.Loaded data, RunFolder folder, Engine engine) {
        Map<String, String> sparkInfo = new LinkedHashMap<>();
        sparkInfo.put("master", sc.master());
        sparkInfo.put("defaultParallelism", String.valueOf(sc.defaultParallelism()));
        sparkInfo.put("executors", String.valueOf(sc.sc().getExecutorMemoryStatus().size()));
        sparkInfo.put("workers", String.valueOf(cfg.spark().workers()));
        Map<String, String> backend = new LinkedHashMap<>();
        backend.put("engine", cfg.engine().configName());
        backend.put("engine.nativeLibrary", engine.nativeLibrary());
        backend.putAll(Provenance.backendInfo());
        Provenance provenance = new Provenance(command, Provenance.now(), cfg.run().seed(),
                Provenance.versions(sc.version()), backend, sparkInfo, data.provenance(), cfg);
        if (!resume) {
            folder.writeAtomically(RunFiles.CONFIG_JSON, Json.write(cfg));
        }
        folder.writeAtomically(resume ? "run-resumed-" + System.currentTimeMillis() + ".json"
                : RunFiles.RUN_JSON, Json.write(provenance));
    }

    /**
     * Records an extension ({@code --extend-epochs}): first {@link RunExtensions#FILE} (the schedules' length and the
     * extension), then {@link RunFiles#CONFIG_JSON} with the new total. Each write is atomic; stopped between the two,
     * the run still trains its old total on its old schedule, and the extension can be asked for again.
     */
    private static void recordExtension(RunFolder folder, TrainConfig recorded, RunExtensions extended) {
        RunExtensions.Extension added = extended.extensions().get(extended.extensions().size() - 1);
        folder.writeAtomically(RunExtensions.FILE, extended.toJson());
        folder.writeAtomically(RunFiles.CONFIG_JSON, Json.write(recorded));
        System.out.printf("extending the run from %d to %d epochs: %s%n", added.fromEpochs(), added.toEpochs(),
                RunExtensions.RULE);
    }

    /**
     * A new run that failed before its first averaging round leaves no folder: it holds only what this run wrote
     * (config, provenance). A resumed run's folder, or one with rounds recorded, is kept.
     */
    private static boolean removeIfNothingTrained(RunFolder folder, Throwable failure) {
        if (folder == null || !folder.claimedHere()) {
            return false;
        }
        try {
            if (folder.exists(RunFiles.ROUNDS_JSONL)) {
                return false;
            }
            folder.deleteClaimed();
            LOG.info("removed the run folder {}: the run failed before its first round", folder);
            return true;
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            LOG.warn("could not remove the run folder {} of a run that failed before its first round: {}", folder,
                    e.getMessage());
            return false;
        }
    }

    /** The report of a run that failed mid-way, without the live view's reload; never masks the failure. */
    private static void finalReport(RunFolder folder, Throwable failure) {
        if (folder == null) {
            return;
        }
        try {
            writeReport(folder);
        } catch (Error e) { // e.g. FSError on a full disk: the run's own failure is what the user must see
            failure.addSuppressed(e);
        }
    }
}
