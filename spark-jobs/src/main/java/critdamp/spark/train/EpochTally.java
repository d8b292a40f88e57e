package critdamp.spark.train;

import critdamp.run.EpochRecord;

/** Sums over the rounds of one epoch, for its {@link EpochRecord}. */
final class EpochTally {
    private double lossSum;
    private int rounds;
    private long images;
    private double trainSeconds;
    private double alpha = Double.NaN;
    private double mu = Double.NaN;

    void add(RoundOutcome r) {
        lossSum += r.loss();
        rounds++;
        images += r.images();
        trainSeconds += r.seconds();
        alpha = r.alpha();
        mu = r.mu();
    }

    /**
     * The epoch's record: alpha and mu of its last round, the mean round loss (NaN without rounds) and the images per
     * second over its training rounds.
     */
    EpochRecord record(int epoch, long step, SparkTraining.Evaluated eval, double wallSeconds) {
        return new EpochRecord(epoch, step, alpha, mu, rounds == 0 ? Double.NaN : lossSum / rounds,
                eval.validationAccuracy(), eval.testAccuracy(), eval.testLoss(), wallSeconds,
                images / Math.max(1e-9, trainSeconds));
    }
}
