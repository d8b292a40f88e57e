package critdamp.spark.train;

import critdamp.run.EpochRecord;
import critdamp.run.EpochTimes;

/** Sums over the rounds of one epoch, and the seconds spent writing since the previous record, for its {@link EpochRecord}. */
final class EpochTally {
    private double lossSum;
    private int rounds;
    private long images;
    private double trainSeconds;
    private double dataSeconds;
    private double computeSeconds;
    private double writeSeconds;
    private double alpha = Double.NaN;
    private double mu = Double.NaN;

    /** Starts with {@code writeSeconds} already spent writing since the previous record (its report, checkpoint). */
    EpochTally(double writeSeconds) {
        this.writeSeconds = writeSeconds;
    }

    void add(RoundOutcome r) {
        lossSum += r.loss();
        rounds++;
        images += r.images();
        trainSeconds += r.seconds();
        dataSeconds += r.dataSeconds();
        computeSeconds += r.computeSeconds();
        alpha = r.alpha();
        mu = r.mu();
    }

    /** Adds seconds spent writing checkpoints, reports or metrics. */
    void wrote(double seconds) {
        writeSeconds += seconds;
    }

    /**
     * The epoch's record: alpha and mu of its last round, the mean round loss (NaN without rounds), the images per
     * second over its training rounds, and where its seconds went.
     */
    EpochRecord record(int epoch, long step, RoundTrainer.Evaluated eval, double evaluationSeconds, double gcSeconds,
                       double wallSeconds) {
        EpochTimes times = new EpochTimes(trainSeconds, dataSeconds, computeSeconds, evaluationSeconds, writeSeconds,
                gcSeconds);
        return new EpochRecord(epoch, step, alpha, mu, rounds == 0 ? Double.NaN : lossSum / rounds,
                eval.validationAccuracy(), eval.testAccuracy(), eval.testLoss(), wallSeconds,
                images / Math.max(1e-9, trainSeconds), times);
    }
}
