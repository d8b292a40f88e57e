package critdamp.run;

/**
 * The end of one epoch: accuracies and time. One line of {@code epochs.jsonl} and one row of {@code epochs.csv}.
 * Lines written before {@code times} existed still read (their times are {@link EpochTimes#UNKNOWN}).
 *
 * @param epoch              1-based count of epochs done
 * @param step               schedule step at the end of the epoch
 * @param alpha              learning rate of the epoch's last round
 * @param mu                 momentum of the epoch's last round
 * @param trainLoss          mean worker loss over the epoch's rounds
 * @param validationAccuracy accuracy on the validation split carved from the training files (NaN if none)
 * @param testAccuracy       accuracy on the test set
 * @param testLoss           mean loss on the test set, as DL4J scores it: the mean cross-entropy of the true class
 *                           plus the weight-decay term (0.5 x weightDecay x the squared norm of the decayed weights),
 *                           as in {@code trainLoss}
 * @param wallSeconds        wall time since the start of training
 * @param imagesPerSecond    training images per second over the epoch (training rounds only)
 * @param times              where the seconds since the previous record went (null reads as unknown)
 */
public record EpochRecord(int epoch, long step, double alpha, double mu, double trainLoss, double validationAccuracy,
                          double testAccuracy, double testLoss, double wallSeconds, double imagesPerSecond,
                          EpochTimes times) {
    public static final String CSV_HEADER =
            "epoch,step,alpha,mu,train_loss,validation_accuracy,test_accuracy,test_loss,wall_seconds,images_per_second,"
                    + EpochTimes.CSV_HEADER;

    public EpochRecord {
        times = times == null ? EpochTimes.UNKNOWN : times;
    }

    /** An epoch without a time profile. */
    public EpochRecord(int epoch, long step, double alpha, double mu, double trainLoss, double validationAccuracy,
                       double testAccuracy, double testLoss, double wallSeconds, double imagesPerSecond) {
        this(epoch, step, alpha, mu, trainLoss, validationAccuracy, testAccuracy, testLoss, wallSeconds,
                imagesPerSecond, EpochTimes.UNKNOWN);
    }

    public String toCsv() {
        return epoch + "," + step + "," + alpha + "," + mu + "," + trainLoss + "," + validationAccuracy + ","
                + testAccuracy + "," + testLoss + "," + wallSeconds + "," + imagesPerSecond + "," + times.toCsv();
    }
}
