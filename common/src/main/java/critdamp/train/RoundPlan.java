package critdamp.train;

import critdamp.base.ConfigException;

import java.util.Arrays;

/**
 * How an epoch is cut into parameter-averaging rounds. Worker {@code w} holds {@code blockSizes[w]} training records;
 * in each round it trains {@code averagingFrequency} minibatches of {@code batchSize} (its next
 * {@code batchSize * averagingFrequency} records in the epoch's order), then the driver averages.
 *
 * <p>The last round of an epoch may be short: a worker trains what is left of its block (possibly a partial
 * minibatch), nothing is dropped. A worker whose block is already used up sits that round out.
 */
public final class RoundPlan implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final int[] blockSizes;
    private final int batchSize;
    private final int averagingFrequency;
    private final int roundsPerEpoch;

    public RoundPlan(int[] blockSizes, int batchSize, int averagingFrequency) {
        if (blockSizes.length == 0) {
            throw new ConfigException("no training data: 0 worker blocks");
        }
        this.blockSizes = blockSizes.clone();
        this.batchSize = batchSize;
        this.averagingFrequency = averagingFrequency;
        int smallest = Arrays.stream(blockSizes).min().orElse(0);
        if (smallest < batchSize) {
            throw new ConfigException("training.batchSize = " + batchSize + " is larger than the smallest worker "
                    + "partition (" + smallest + " records); lower training.batchSize or spark.workers");
        }
        int largest = Arrays.stream(blockSizes).max().orElse(0);
        this.roundsPerEpoch = (largest + recordsPerRound() - 1) / recordsPerRound();
    }

    /** Records a worker trains in a full round. */
    public int recordsPerRound() {
        return batchSize * averagingFrequency;
    }

    public int roundsPerEpoch() {
        return roundsPerEpoch;
    }

    public int workers() {
        return blockSizes.length;
    }

    /** First position (in the epoch's order of the worker's block) trained in {@code round}. */
    public int from(int worker, int round) {
        return Math.min(blockSizes[worker], round * recordsPerRound());
    }

    /** One past the last position trained in {@code round}. */
    public int to(int worker, int round) {
        return Math.min(blockSizes[worker], (round + 1) * recordsPerRound());
    }

    /** Records all workers together train in {@code round}. */
    public long recordsInRound(int round) {
        long n = 0;
        for (int w = 0; w < blockSizes.length; w++) {
            n += to(w, round) - from(w, round);
        }
        return n;
    }

    /** Minibatches worker {@code w} trains in {@code round} (the step count the schedules advance by is the max). */
    public int batchesInRound(int worker, int round) {
        return (to(worker, round) - from(worker, round) + batchSize - 1) / batchSize;
    }

    /** Schedule steps one round advances: the most minibatches any worker trains in it. */
    public int stepsInRound(int round) {
        int s = 0;
        for (int w = 0; w < blockSizes.length; w++) {
            s = Math.max(s, batchesInRound(w, round));
        }
        return s;
    }

    /** Schedule steps in one epoch. */
    public long stepsPerEpoch() {
        long s = 0;
        for (int r = 0; r < roundsPerEpoch; r++) {
            s += stepsInRound(r);
        }
        return s;
    }

    public long recordsPerEpoch() {
        return Arrays.stream(blockSizes).asLongStream().sum();
    }
}
