package critdamp.data;

import java.io.IOException;

/**
 * A CIFAR-10 file that is missing or not in the binary format (wrong size, truncated, bad label). The message always
 * starts with the file so that a failing Spark task or a config check points at the culprit.
 */
public class Cifar10FormatException extends IOException {
    private static final long serialVersionUID = 1L;
    private final String file;

    /**
     * @param file    the file's URI or path
     * @param problem what is wrong with it
     */
    public Cifar10FormatException(String file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public Cifar10FormatException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file (URI or path) the problem is in. */
    public String file() {
        return file;
    }
}
