package critdamp.base;

/**
 * Validation helpers for the compact constructors of config records: each failure is one {@link ConfigException}
 * that names the field, the value and the allowed range.
 */
public final class Check {
    private Check() {
    }

    public static int positive(String field, int value) {
        if (value <= 0) {
            throw new ConfigException(field + " = " + value + ": must be > 0");
        }
        return value;
    }

    public static long positive(String field, long value) {
        if (value <= 0) {
            throw new ConfigException(field + " = " + value + ": must be > 0");
        }
        return value;
    }

    public static double positive(String field, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new ConfigException(field + " = " + value + ": must be a finite number > 0");
        }
        return value;
    }

    public static double nonNegative(String field, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new ConfigException(field + " = " + value + ": must be a finite number >= 0");
        }
        return value;
    }

    /** {@code lo <= value <= hi}. */
    public static double inRange(String field, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) {
            throw new ConfigException(field + " = " + value + ": must be in [" + lo + ", " + hi + "]");
        }
        return value;
    }

    /** {@code lo <= value < hi}. */
    public static double inHalfOpen(String field, double value, double lo, double hi) {
        if (!(value >= lo && value < hi)) {
            throw new ConfigException(field + " = " + value + ": must be in [" + lo + ", " + hi + ")");
        }
        return value;
    }

    public static String notBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(field + ": must be given (non-empty)");
        }
        return value;
    }

    /** A name that names a folder (a run's, a sweep's, a study's): letters, digits, '.', '_' and '-' only. */
    public static String folderName(String field, String value) {
        if (!value.matches("[A-Za-z0-9._-]+")) {
            throw new ConfigException(field + " = '" + value + "': only letters, digits, '.', '_' and '-' (it names a "
                    + "folder)");
        }
        return value;
    }
}
