package critdamp.spark.train;

import critdamp.run.RunFiles;
import critdamp.spark.data.TrainingData;
import critdamp.base.Json;
import critdamp.config.OptimizerKind;
import critdamp.config.TrainConfig;
import critdamp.report.RunReport;
import critdamp.run.Checkpoints;
import critdamp.run.EpochRecord;
import critdamp.run.MetricsLog;
import critdamp.run.RoundRecord;
import critdamp.run.RunFolder;
import critdamp.run.TrainingPosition;
import critdamp.schedule.LearningRateSchedule;
import critdamp.schedule.MomentumSchedule;
import critdamp.train.RoundPlan;
import critdamp.train.TargetTracker;
import critdamp.train.UpdaterSettings;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The driver's training loop: parameter averaging, one round at a time.
 *
 * <p>Each round the driver evaluates the schedules at the global step t: alpha(t) and mu(t) (for the physics
 * schedule mu(t) = 1 - 2 sqrt(alpha(t))), pins exactly those values into the network's updater configuration
 * ({@link UpdaterSettings}) and broadcasts it with the parameters, so every worker trains the round with the same
 * alpha and mu. Workers train their partition's minibatches, the driver averages parameters (and momentum state),
 * records (step, alpha, mu, loss, images/s) and moves t on by the round's steps. After each epoch it measures
 * validation and test accuracy, records target crossings and checkpoints; a NaN/inf loss stops the run with the last
 * good checkpoint named.
 */
public final class DistributedTrainer {
    /** Run-folder file with one line per averaging round; it exists once the first round is done. */
    /** Run-folder file with one line per epoch. */
    private final JavaSparkContext sc;
    private final TrainConfig config;
    private final RunFolder folder;
    private final PrintStream out;

    public DistributedTrainer(JavaSparkContext sc, TrainConfig config, RunFolder folder, PrintStream out) {
        this.sc = sc;
        this.config = config;
        this.folder = folder;
        this.out = out;
    }

    /** What a finished (or early-stopped) run reached. */
    public record Result(int epochs, double finalTestAccuracy, double bestTestAccuracy, double wallSeconds,
                         long steps, List<TargetTracker.Crossing> targets, String lastCheckpoint) {
    }

    /**
     * Trains {@code model} from {@code start} (TrainingPosition.START, or a checkpoint's position when resuming).
     *
     * @throws DivergenceException when the loss becomes NaN or infinite
     */
    public Result train(ComputationGraph model, TrainingPosition start, TrainingData data) {
        int batch = config.training().batchSize();
        RoundPlan plan = plan(config, data);
        int epochs = config.training().epochs();
        long totalSteps = plan.stepsPerEpoch() * epochs;
        LearningRateSchedule lr = config.learningRate().build(totalSteps);
        MomentumSchedule momentum = config.momentum().build(lr);

        ParameterAveragingTrainingMaster master = TrainingMasterFactory.create(config.spark(), batch, config.run().seed());
        ExecutorFastPathCheck fastPath = new ExecutorFastPathCheck(sc);
        master.addHook(fastPath.hook());
        SparkComputationGraph spark = new SparkComputationGraph(sc, model, master);
        spark.setCollectTrainingStats(config.spark().collectTimings());
        RoundTimings timings = new RoundTimings();
        long bytesPerRound = bytesPerRound(model, plan.workers(), config.spark().averageUpdaterState());
        Checkpoints checkpoints = new Checkpoints(folder, config.training().keepCheckpoints());
        MetricsLog<RoundRecord> rounds = new MetricsLog<>(folder, RunFiles.ROUNDS_JSONL);
        MetricsLog<EpochRecord> epochLog = new MetricsLog<>(folder, RunFiles.EPOCHS_JSONL);
        keepOnlyUpTo(rounds, epochLog, start);
        List<EpochRecord> earlier = records(epochLog);
        TargetTracker targets = new TargetTracker(config.training().targetAccuracies());
        List<String> csv = new ArrayList<>(List.of(EpochRecord.CSV_HEADER));
        double best = Double.NaN;
        double finalAcc = Double.NaN;
        double wallBefore = 0;
        for (EpochRecord e : earlier) {
            // a resumed run already announced these crossings: replay them silently, keep their epoch and time
            targets.observe(e.epoch(), e.testAccuracy(), e.wallSeconds());
            csv.add(e.toCsv());
            finalAcc = e.testAccuracy();
            best = Double.isNaN(best) ? finalAcc : Math.max(best, finalAcc);
            wallBefore = e.wallSeconds();
        }

        out.printf("training %s on %d workers: %d train records/epoch (%d rounds of <= %d images/worker), "
                        + "%d validation, %d epochs, %d steps%n", config.model().kind().configName(), plan.workers(),
                plan.recordsPerEpoch(), plan.roundsPerEpoch(), plan.recordsPerRound(), data.validationSize(), epochs,
                totalSteps);

        TrainingPosition pos = start;
        String lastCheckpoint = null;
        long t0 = System.nanoTime() - (long) (wallBefore * 1e9); // wall time goes on from the resumed epoch
        double roundSecondsSum = 0;
        long roundsTimed = 0;
        int epoch = pos.epoch();
        // a bar on an interactive terminal, plain lines (each once) elsewhere; cleared however training ends
        try (TrainingProgress progress = TrainingProgress.forConsole(out, config.training().logEveryRounds())) {
            for (; epoch < epochs; epoch++) {
                double epochLoss = 0;
                int epochRounds = 0;
                long epochImages = 0;
                double epochTrainSeconds = 0;
                double alpha = Double.NaN;
                double mu = Double.NaN;
                int firstRound = epoch == pos.epoch() ? pos.roundInEpoch() : 0;
                for (int round = firstRound; round < plan.roundsPerEpoch(); round++) {
                    alpha = lr.alpha(pos.globalStep());
                    // Adam has no momentum schedule (beta1 stays 0.9): NaN records and prints "not applied".
                    mu = config.optimizer().kind() == OptimizerKind.ADAM ? Double.NaN : momentum.mu(pos.globalStep());
                    UpdaterSettings.pin(model, alpha, mu);
                    model.getConfiguration().setEpochCount(epoch);

                    long r0 = System.nanoTime();
                    JavaRDD<DataSet> batches = data.roundBatches(epoch, round, plan).persist(StorageLevel.MEMORY_ONLY());
                    spark.fit(batches);
                    batches.unpersist(false);
                    double seconds = (System.nanoTime() - r0) / 1e9;
                    recordExecutors(fastPath);
                    double loss = spark.getScore();
                    double compute = config.spark().collectTimings()
                            ? timings.workerComputeSeconds(spark.getSparkTrainingStats()) : Double.NaN;
                    long images = plan.recordsInRound(round);
                    pos = new TrainingPosition(epoch, round + 1, pos.globalRound() + 1,
                            pos.globalStep() + plan.stepsInRound(round));
                    double wall = (System.nanoTime() - t0) / 1e9;
                    rounds.append(new RoundRecord(epoch, round, pos.globalRound(), pos.globalStep() - plan.stepsInRound(round),
                            alpha, mu, loss, images, seconds, images / seconds, wall, compute, bytesPerRound));
                    if (!Double.isFinite(loss)) {
                        throw new DivergenceException(String.format("training diverged: loss = %s at epoch %d, round %d, "
                                        + "step %d (alpha = %.4g, mu = %.4g). Last good checkpoint: %s. Lower the learning "
                                        + "rate and resume from it (--resume), or start again.", loss, epoch + 1, round,
                                pos.globalStep(), alpha, mu, lastCheckpoint == null ? "none yet" : lastCheckpoint));
                    }
                    epochLoss += loss;
                    epochRounds++;
                    epochImages += images;
                    epochTrainSeconds += seconds;
                    roundSecondsSum += seconds;
                    roundsTimed++;
                    long remaining = (long) (epochs - epoch) * plan.roundsPerEpoch() - (round + 1);
                    progress.round(new TrainingProgress.RoundStatus(epoch, epochs, round, plan.roundsPerEpoch(),
                            pos.globalStep(), loss, alpha, mu, images / seconds, remaining * roundSecondsSum / roundsTimed));
                    if (pos.globalRound() % config.training().checkpointEveryRounds() == 0
                            && round + 1 < plan.roundsPerEpoch()) {
                        lastCheckpoint = checkpoints.save(model, pos);
                    }
                }
                // The epoch is done: the next position is the start of the next epoch.
                pos = new TrainingPosition(epoch + 1, 0, pos.globalRound(), pos.globalStep());
                Evaluation test = spark.evaluate(data.testBatches());
                double testLoss = spark.calculateScore(data.testBatches(), true);
                double valAcc = data.validationSize() > 0 ? spark.evaluate(data.validationBatches()).accuracy() : Double.NaN;
                double wall = (System.nanoTime() - t0) / 1e9;
                finalAcc = test.accuracy();
                best = Double.isNaN(best) ? finalAcc : Math.max(best, finalAcc);
                EpochRecord rec = new EpochRecord(epoch + 1, pos.globalStep(), alpha, mu,
                        epochRounds == 0 ? Double.NaN : epochLoss / epochRounds, valAcc, finalAcc, testLoss, wall,
                        epochImages / Math.max(1e-9, epochTrainSeconds));
                epochLog.append(rec);
                RunReport.writeLive(folder); // report.html after every epoch: an open report is a live view
                csv.add(rec.toCsv());
                lastCheckpoint = checkpoints.save(model, pos, valAcc);
                long remainingRounds = (long) (epochs - epoch - 1) * plan.roundsPerEpoch();
                progress.epoch(rec, epochs, remainingRounds * roundSecondsSum / Math.max(1, roundsTimed));
                for (TargetTracker.Crossing c : targets.observe(epoch + 1, finalAcc, wall)) {
                    out.printf("  reached test accuracy %.2f at epoch %d, %.1f s%n", c.target(), c.epoch(), c.wallSeconds());
                }
                Double stopAt = config.training().stopAtAccuracy();
                if (stopAt != null && finalAcc >= stopAt) {
                    out.printf("stopping early: test accuracy %.4f >= training.stopAtAccuracy %.4f%n", finalAcc, stopAt);
                    epoch++;
                    break;
                }
            }
        }
        folder.writeAtomically(RunFiles.EPOCHS_CSV, String.join("\n", csv) + "\n");
        double wall = (System.nanoTime() - t0) / 1e9;
        return new Result(epoch, finalAcc, best, wall, pos.globalStep(), targets.crossings(), lastCheckpoint);
    }

    /** Rewrites executors.json when executor JVMs were seen for the first time ({@code collect} logs each). */
    private void recordExecutors(ExecutorFastPathCheck fastPath) {
        if (!fastPath.collect().isEmpty()) {
            folder.writeAtomically(RunFiles.EXECUTORS_JSON, Json.write(fastPath.executors()));
        }
    }

    /**
     * Bytes a round moves: the parameters (and the updater state when it is averaged) broadcast to every worker and
     * returned by every worker for averaging.
     */
    static long bytesPerRound(ComputationGraph model, int workers, boolean withUpdater) {
        long values = model.numParams();
        if (withUpdater && model.getUpdater() != null && model.getUpdater().getStateViewArray() != null) {
            values += model.getUpdater().getStateViewArray().length();
        }
        return 2L * workers * values * model.params().dataType().width();
    }

    /** How the run's epochs split into averaging rounds, given the workers' block sizes. */
    public static RoundPlan plan(TrainConfig config, TrainingData data) {
        return new RoundPlan(data.blockSizes(), config.training().batchSize(), config.spark().averagingFrequency());
    }

    /** The epochs already logged (a resumed run keeps its earlier epochs, their targets and epochs.csv rows). */
    private static List<EpochRecord> records(MetricsLog<EpochRecord> epochLog) {
        List<EpochRecord> out = new ArrayList<>();
        for (String line : epochLog.lines()) {
            try {
                out.add(Json.mapper().readValue(line, EpochRecord.class));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(RunFiles.EPOCHS_JSONL + ": unreadable line: " + line, e);
            }
        }
        return out;
    }

    /** On resume, metrics written after the resumed checkpoint are dropped (they will be produced again). */
    private static void keepOnlyUpTo(MetricsLog<RoundRecord> rounds, MetricsLog<EpochRecord> epochs,
                                     TrainingPosition start) {
        rounds.truncate((int) Math.min(rounds.lines().size(), start.globalRound()));
        epochs.truncate(Math.min(epochs.lines().size(), start.epoch()));
    }

    static String eta(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
