package critdamp.spark.train;

import critdamp.run.Checkpoints;
import critdamp.run.TrainingPosition;

/**
 * The driver's model and the Spark rounds that train it, whatever the engine: DL4J's parameter-averaging master over
 * its graph ({@link Dl4jRounds}) or an engine-contract model averaged as flat arrays ({@link FlatAveragingRounds}).
 * The training loop ({@link TrainingSession}) computes each round's alpha and mu and hands them here.
 */
interface RoundTrainer {
    /**
     * One averaging round: the workers' mean loss, wall seconds, the data job's seconds ({@link DataJobTimings}) and
     * the round's split ({@link RoundTimings}).
     */
    record Fit(double loss, double seconds, double dataSeconds, RoundTimings.Split timings) {
    }

    /** An epoch's evaluation; validation accuracy is NaN without a validation split. */
    record Evaluated(double testAccuracy, double testLoss, double validationAccuracy) {
    }

    /**
     * Trains round {@code round} of {@code epoch} with {@code alpha} and {@code mu} pinned into every worker's
     * optimizer, then averages; the driver's model holds the average afterwards.
     */
    Fit fit(int epoch, int round, double alpha, double mu);

    /** Test accuracy and loss, and validation accuracy, of the driver's model. */
    Evaluated evaluate();

    /** Checkpoints the driver's model at {@code position}; returns the checkpoint's path. */
    String checkpoint(Checkpoints checkpoints, TrainingPosition position, Double validationAccuracy);

    /**
     * Bytes a round moves: the parameters (and the optimizer state when it is averaged) broadcast to every worker and
     * returned by every worker for averaging.
     */
    long bytesPerRound();
}
