package critdamp.spark.train;

/** A run's wall time, which goes on from a resumed run's last epoch, and its ETA from the mean round time so far. */
final class RunClock {
    private final long t0;
    private double roundSecondsSum;
    private long roundsTimed;

    /** Starts now, {@code wallBefore} seconds into the run. */
    RunClock(double wallBefore) {
        t0 = System.nanoTime() - (long) (wallBefore * 1e9);
    }

    double wallSeconds() {
        return (System.nanoTime() - t0) / 1e9;
    }

    void roundTook(double seconds) {
        roundSecondsSum += seconds;
        roundsTimed++;
    }

    /** Seconds for {@code remainingRounds} more rounds at the mean round time so far. */
    double etaSeconds(long remainingRounds) {
        return remainingRounds * roundSecondsSum / Math.max(1, roundsTimed);
    }
}
