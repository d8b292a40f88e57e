package critdamp.data;

/**
 * A CIFAR-10 file that is missing or not in the binary format (wrong size, truncated, bad label). The message always
 * starts with the file so that a failing Spark task or a config check points at the culprit.
 */
public class Cifar10FormatException extends DataFormatException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file    the file's URI or path
     * @param problem what is wrong with it
     */
    public Cifar10FormatException(String file, String problem) {
        super(file, file + ": " + problem, null);
    }

    public Cifar10FormatException(String file, String problem, Throwable cause) {
        super(file, file + ": " + problem, cause);
    }

    /** {@code complete}: the message is whole as given (no {@code "<file>: "} prefix added). */
    private Cifar10FormatException(String file, String message, boolean complete) {
        super(file, message, null);
    }

    /** Record {@code record} of {@code file} has label byte {@code label}, not 0..9. */
    public static Cifar10FormatException badLabel(String file, long record, int label) {
        return new Cifar10FormatException(file, DataFormatException.badLabel(file, record, "byte offset",
                record * Cifar10Format.RECORD_BYTES, label, Cifar10Format.CLASSES), true);
    }
}
