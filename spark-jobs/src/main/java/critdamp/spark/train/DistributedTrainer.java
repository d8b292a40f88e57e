package critdamp.spark.train;

import critdamp.config.TrainConfig;
import critdamp.engine.TrainableModel;
import critdamp.report.BestEpoch;
import critdamp.run.EpochRecord;
import critdamp.run.RunFolder;
import critdamp.run.TrainingPosition;
import critdamp.spark.data.TrainingData;
import critdamp.train.RoundPlan;
import critdamp.train.TargetTracker;
import critdamp.optim.UpdaterSettings;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.PrintStream;
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
 * good checkpoint named. One run's loop is a {@link TrainingSession}.
 */
public final class DistributedTrainer {
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

    /**
     * What a finished (or early-stopped) run reached; {@code summary.json}. Each figure names its split: the best
     * epoch is chosen on validation accuracy, and the test accuracy at that epoch is its measurement.
     *
     * @param epochs                       epochs done
     * @param finalTestAccuracy            test accuracy after the last epoch
     * @param finalValidationAccuracy      validation accuracy after the last epoch (NaN without a validation split)
     * @param bestValidationEpoch          the epoch of the highest validation accuracy, the earliest of equals (0
     *                                     without a validation split)
     * @param bestValidationAccuracy       validation accuracy at that epoch (NaN without a validation split)
     * @param testAccuracyAtBestValidation test accuracy at that epoch (NaN without a validation split)
     * @param wallSeconds                  training wall time
     * @param steps                        optimizer steps done
     * @param testTargets                  when each target test accuracy was first reached (a measurement)
     * @param lastCheckpoint               the last checkpoint written (null if none); summary.json records it
     *                                     relative to the run folder
     */
    public record Result(int epochs, double finalTestAccuracy, double finalValidationAccuracy,
                         int bestValidationEpoch, double bestValidationAccuracy, double testAccuracyAtBestValidation,
                         double wallSeconds, long steps, List<TargetTracker.Crossing> testTargets,
                         String lastCheckpoint) {

        /** This result with {@code lastCheckpoint} as its last checkpoint. */
        public Result withLastCheckpoint(String lastCheckpoint) {
            return new Result(epochs, finalTestAccuracy, finalValidationAccuracy, bestValidationEpoch,
                    bestValidationAccuracy, testAccuracyAtBestValidation, wallSeconds, steps, testTargets,
                    lastCheckpoint);
        }

        /** The result of a run whose epochs are {@code records} (in order). */
        public static Result of(int epochs, List<EpochRecord> records, double wallSeconds, long steps,
                                List<TargetTracker.Crossing> testTargets, String lastCheckpoint) {
            EpochRecord last = records.isEmpty() ? null : records.get(records.size() - 1);
            BestEpoch best = BestEpoch.choose(records).filter(b -> b.split() == BestEpoch.Split.VALIDATION)
                    .orElse(null);
            return new Result(epochs, last == null ? Double.NaN : last.testAccuracy(),
                    last == null ? Double.NaN : last.validationAccuracy(), best == null ? 0 : best.epoch(),
                    best == null ? Double.NaN : best.validationAccuracy(),
                    best == null ? Double.NaN : best.testAccuracy(), wallSeconds, steps, testTargets,
                    lastCheckpoint);
        }
    }

    /**
     * Trains {@code model} from {@code start} (TrainingPosition.START, or a checkpoint's position when resuming).
     *
     * @throws DivergenceException when the loss becomes NaN or infinite
     */
    public Result train(ComputationGraph model, TrainingPosition start, TrainingData data) {
        RoundPlan plan = plan(config, data);
        return new TrainingSession(config, folder, out, new Dl4jRounds(sc, config, folder, model, data, plan), plan,
                start, data).run();
    }

    /**
     * Trains an engine-contract {@code model} (the torch engine) from {@code start}: the same loop, the values
     * averaged as flat arrays ({@link FlatAveragingRounds}).
     *
     * @throws DivergenceException when the loss becomes NaN or infinite
     */
    public Result train(TrainableModel model, TrainingPosition start, TrainingData data) {
        RoundPlan plan = plan(config, data);
        return new TrainingSession(config, folder, out, new FlatAveragingRounds(sc, config, folder, model, data, plan),
                plan, start, data).run();
    }

    /**
     * Bytes a DL4J round moves: the parameters (and the updater state when it is averaged) broadcast to every worker
     * and returned by every worker for averaging.
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

    /** A duration for the progress lines: 1h02m, 3m05s or 42s; "?" when unknown. */
    static String eta(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
