package critdamp.spark.train;

/** One finished averaging round: the alpha and mu it trained with, the workers' mean loss, images and wall time. */
record RoundOutcome(double alpha, double mu, double loss, long images, double seconds) {

    double imagesPerSecond() {
        return images / seconds;
    }
}
