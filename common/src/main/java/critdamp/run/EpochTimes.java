package critdamp.run;

/**
 * Where the seconds between two epoch records went (from the start of training, or of a resumed run, for the first):
 * the profile of an epoch. {@code rounds}, {@code evaluation} and {@code writing} do not overlap, and what the wall
 * time between the two records holds beyond them is the driver's own bookkeeping. {@code data} and {@code compute} are
 * parts of {@code rounds}; {@code gc} overlaps everything. A record written before these were kept reads as
 * {@link #UNKNOWN}.
 *
 * @param rounds     the averaging rounds' wall time on the driver, summed (data preparation, Spark jobs, the workers'
 *                   fits, averaging)
 * @param data       building each round's minibatches on the workers (cached records ordered, augmented, normalised
 *                   into arrays), the slowest worker's time per round, summed
 * @param compute    the slowest worker's fit time per round, summed; NaN unless {@code spark.collectTimings}
 * @param evaluation the end-of-epoch evaluation (test set and validation split)
 * @param writing    checkpoints, the live report and the metrics files written since the previous record
 * @param gc         the driver JVM's garbage-collection pauses since the previous record (in local mode the workers
 *                   run in that JVM too)
 */
public record EpochTimes(double rounds, double data, double compute, double evaluation, double writing, double gc) {
    /** A record written before epoch times were kept. */
    public static final EpochTimes UNKNOWN = new EpochTimes(Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN);

    /** The CSV columns of {@link #toCsv}. */
    static final String CSV_HEADER = "round_seconds,data_seconds,compute_seconds,evaluation_seconds,write_seconds,"
            + "gc_seconds";

    String toCsv() {
        return rounds + "," + data + "," + compute + "," + evaluation + "," + writing + "," + gc;
    }
}
