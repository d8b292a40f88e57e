package critdamp.spark.train;

/**
 * One finished averaging round: the alpha and mu it trained with, the workers' mean loss, images, wall time, and the
 * parts of it spent in the data job and the slowest worker's fit (NaN unless {@code spark.collectTimings}).
 */
record RoundOutcome(double alpha, double mu, double loss, long images, double seconds, double dataSeconds,
                    double computeSeconds) {

    double imagesPerSecond() {
        return images / seconds;
    }
}
