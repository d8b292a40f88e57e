package critdamp.config;

import critdamp.base.Check;
import java.util.List;

/**
 * How long and how to train.
 *
 * @param epochs               passes over the training split
 * @param batchSize            minibatch size per worker
 * @param targetAccuracies     test accuracies whose first crossing (epoch and wall time) is recorded: a measurement
 * @param stopAtAccuracy       stop early once validation accuracy reaches this (an epoch end's decision, so it reads
 *                             the validation split, never the test set; it needs data.validationFraction > 0);
 *                             null: never
 * @param checkpointEveryRounds write a checkpoint every this many averaging rounds (and at every epoch end)
 * @param logEveryRounds       print a progress line every this many rounds (an epoch line is always printed)
 * @param keepCheckpoints      checkpoints kept: this many of the newest plus the best by validation accuracy (>= 1)
 */
public record TrainingSpec(Integer epochs, Integer batchSize, List<Double> targetAccuracies, Double stopAtAccuracy,
                           Integer checkpointEveryRounds, Integer logEveryRounds, Integer keepCheckpoints) {
    /** Default of {@code training.keepCheckpoints}: the newest, one fallback, and the best by validation. */
    public static final int DEFAULT_KEEP_CHECKPOINTS = 2;

    public TrainingSpec {
        epochs = Check.positive("training.epochs", epochs == null ? 10 : epochs);
        batchSize = Check.positive("training.batchSize", batchSize == null ? 64 : batchSize);
        targetAccuracies = List.copyOf(targetAccuracies == null ? List.of(0.5, 0.6, 0.7, 0.8, 0.9) : targetAccuracies);
        for (Double t : targetAccuracies) {
            Check.inRange("training.targetAccuracies[" + t + "]", t, 0.0, 1.0);
        }
        if (stopAtAccuracy != null) {
            Check.inRange("training.stopAtAccuracy", stopAtAccuracy, 0.0, 1.0);
        }
        checkpointEveryRounds = Check.positive("training.checkpointEveryRounds",
                checkpointEveryRounds == null ? 50 : checkpointEveryRounds);
        logEveryRounds = Check.positive("training.logEveryRounds", logEveryRounds == null ? 10 : logEveryRounds);
        keepCheckpoints = Check.positive("training.keepCheckpoints",
                keepCheckpoints == null ? DEFAULT_KEEP_CHECKPOINTS : keepCheckpoints);
    }

    public TrainingSpec withEpochs(int epochs) {
        return new TrainingSpec(epochs, batchSize, targetAccuracies, stopAtAccuracy, checkpointEveryRounds,
                logEveryRounds, keepCheckpoints);
    }

    public TrainingSpec withBatchSize(int batchSize) {
        return new TrainingSpec(epochs, batchSize, targetAccuracies, stopAtAccuracy, checkpointEveryRounds,
                logEveryRounds, keepCheckpoints);
    }

    public TrainingSpec withTargetAccuracies(List<Double> targetAccuracies) {
        return new TrainingSpec(epochs, batchSize, targetAccuracies, stopAtAccuracy, checkpointEveryRounds,
                logEveryRounds, keepCheckpoints);
    }

    /** This spec stopping early at {@code stopAtAccuracy} validation accuracy; null: never. */
    public TrainingSpec withStopAtAccuracy(Double stopAtAccuracy) {
        return new TrainingSpec(epochs, batchSize, targetAccuracies, stopAtAccuracy, checkpointEveryRounds,
                logEveryRounds, keepCheckpoints);
    }

    public static TrainingSpec defaults() {
        return new TrainingSpec(null, null, null, null, null, null, null);
    }
}
