package critdamp.sweep;

/**
 * One line of a sweep's {@code points.jsonl}: a point started, finished or failed. The last line of a point is its
 * state; a resumed sweep skips points whose last state is {@link #DONE}.
 *
 * @param name      the point's folder name
 * @param label     its grid values, {@code key=value,...}
 * @param status    {@link #RUNNING}, {@link #DONE} or {@link #FAILED}
 * @param error     why it failed (null otherwise): the exception's simple class name, ": ", its message
 * @param runFolder the point's run folder, relative to the sweep folder ({@link PointFolder}; older files may hold
 *                  an absolute URI)
 * @param time      when this line was written (ISO-8601)
 * @param seconds   wall seconds the attempt took (0 while running)
 */
public record PointStatus(String name, String label, String status, String error, String runFolder, String time,
                          double seconds) {
    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    /** Not started yet (never written to points.jsonl; used in results of an unfinished sweep). */
    public static final String PENDING = "pending";
    /** The error's class name of a point whose training diverged (critdamp.spark.train.DivergenceException). */
    public static final String DIVERGENCE = "DivergenceException";

    /** Whether this state is a divergence: failed, with a {@value #DIVERGENCE}. */
    public boolean diverged() {
        return diverged(status, error);
    }

    static boolean diverged(String status, String error) {
        return FAILED.equals(status) && error != null && error.startsWith(DIVERGENCE + ":");
    }
}
