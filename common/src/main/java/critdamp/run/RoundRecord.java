package critdamp.run;

/**
 * One parameter-averaging round as the driver saw it: the schedule values it computed and sent to every worker,
 * and what came back. Written as one line of {@code rounds.jsonl}.
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
 * @param computeSeconds   the slowest worker's training time in the round (critical path); the rest of
 *                         {@code seconds} is broadcast, worker setup and averaging. NaN unless spark.collectTimings
 * @param bytesMoved       parameters (and updater state when averaged) sent to and returned by all workers
 */
public record RoundRecord(int epoch, int round, long globalRound, long step, double alpha, double mu, double loss,
                          long images, double seconds, double imagesPerSecond, double wallSeconds,
                          double computeSeconds, long bytesMoved) {
}
