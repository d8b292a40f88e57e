package critdamp.run;

/**
 * One parameter-averaging round as the driver saw it: the schedule values it computed and sent to every worker,
 * and what came back. Written as one line of {@code rounds.jsonl}.
 *
 * <p>With {@code spark.collectTimings} a round's wall time splits into the slowest worker's compute, the broadcast of
 * the parameters, their aggregation, and the rest ({@code seconds} minus the three: worker set-up from the broadcast,
 * data hand-over, Spark's per-job bookkeeping). Lines written before the split existed lack the broadcast and
 * aggregation fields: they read as NaN.
 *
 * @param epoch            0-based epoch
 * @param round            round within the epoch
 * @param globalRound      rounds since the start
 * @param step             schedule step t at the start of the round (minibatches per worker so far)
 * @param alpha            learning rate every worker used in this round
 * @param mu               momentum every worker used in this round
 * @param loss             mean training loss reported by the workers
 * @param images           training images in the round (all workers)
 * @param seconds          wall time of the round on the driver
 * @param imagesPerSecond  images / seconds
 * @param wallSeconds      wall time since the start of training
 * @param computeSeconds   the slowest worker's training time in the round (critical path). NaN unless
 *                         spark.collectTimings
 * @param bytesMoved       parameters (and updater state when averaged) sent to and returned by all workers
 * @param broadcastSeconds the driver creating the parameters' broadcast plus the slowest worker fetching it. NaN
 *                         unless spark.collectTimings
 * @param aggregateSeconds the round's Spark job beyond its slowest worker (task launch, the workers' parameters
 *                         returned and summed) plus the driver dividing and setting them. NaN unless
 *                         spark.collectTimings
 */
public record RoundRecord(int epoch, int round, long globalRound, long step, double alpha, double mu, double loss,
                          long images, double seconds, double imagesPerSecond, double wallSeconds,
                          double computeSeconds, long bytesMoved, Double broadcastSeconds, Double aggregateSeconds) {
    public RoundRecord {
        broadcastSeconds = broadcastSeconds == null ? Double.NaN : broadcastSeconds;
        aggregateSeconds = aggregateSeconds == null ? Double.NaN : aggregateSeconds;
    }

    /** A round without the broadcast and aggregation split (both NaN), as recorded before it existed. */
    public RoundRecord(int epoch, int round, long globalRound, long step, double alpha, double mu, double loss,
                       long images, double seconds, double imagesPerSecond, double wallSeconds, double computeSeconds,
                       long bytesMoved) {
        this(epoch, round, globalRound, step, alpha, mu, loss, images, seconds, imagesPerSecond, wallSeconds,
                computeSeconds, bytesMoved, Double.NaN, Double.NaN);
    }

    /**
     * What the split leaves: {@code seconds} minus compute, broadcast and aggregation (worker set-up from the
     * broadcast, data hand-over, Spark's bookkeeping); NaN without timings.
     */
    public double otherSeconds() {
        return seconds - computeSeconds - broadcastSeconds - aggregateSeconds;
    }
}
