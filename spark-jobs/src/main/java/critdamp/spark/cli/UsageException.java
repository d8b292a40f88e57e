package critdamp.spark.cli;

/**
 * A command's arguments cannot be used as given (a folder that is not there, options that do not go together): one
 * line naming what and why, exit code 2, as a bad config ({@link ErrorHandler}).
 */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
