package critdamp.spark.train;

/**
 * Training diverged: the loss became NaN or infinite. The message names the epoch, round, step and schedule values
 * where it happened and the last good checkpoint to resume from (with a lower learning rate).
 */
public final class DivergenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DivergenceException(String message) {
        super(message);
    }
}
