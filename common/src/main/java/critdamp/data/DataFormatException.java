package critdamp.data;

import java.io.IOException;

/**
 * A data file that is missing or not in its format (size, header, label). The message always starts with the file
 * and says what is wrong and where, in one line, so that the command line can print it as it is ("data error: ...")
 * and exit with the bad-input code, whether the driver found it or a Spark task did.
 */
public class DataFormatException extends IOException {
    private static final long serialVersionUID = 1L;
    private final String file;

    /**
     * @param file    the file's URI or path
     * @param message the whole message, starting with {@code file}
     */
    protected DataFormatException(String file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** A problem with {@code file}: the message is {@code "<file>: <problem>"}. */
    public static DataFormatException of(String file, String problem) {
        return new DataFormatException(file, file + ": " + problem, null);
    }

    /** The file (URI or path) the problem is in. */
    public String file() {
        return file;
    }

    /**
     * The one-line description of a label byte outside 0..classes-1:
     * {@code "<file> record 17 (byte offset 52241): label 255, expected 0-9"}.
     *
     * @param offsetNote how the offset is counted, e.g. "byte offset" or "uncompressed byte offset"
     */
    public static String badLabel(String file, long record, String offsetNote, long offset, int label, int classes) {
        return file + " record " + record + " (" + offsetNote + " " + offset + "): label " + label + ", expected 0-"
                + (classes - 1);
    }
}
