package critdamp.base;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Parses a closed set of choices (an enum) from the lower-case names used in config files and on the command line,
 * with a "did you mean" suggestion on a misspelling. One place for this so every choice reports errors alike.
 */
public final class EnumChoice {
    private EnumChoice() {
    }

    /** The config-file name of a constant: lower case, e.g. {@code WARMUP_COSINE -> "warmup_cosine"}. */
    public static String nameOf(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the constant whose {@link #nameOf name} equals {@code text} (case-insensitive, '-' read as '_').
     *
     * @param field the config key, named in the error
     * @throws ConfigException naming the field, the value, the closest choice and all choices
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String text, String field) {
        if (text == null || text.isBlank()) {
            throw new ConfigException(field + ": missing value; one of " + choices(type));
        }
        String wanted = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (nameOf(e).equals(wanted)) {
                return e;
            }
        }
        String hint = NearestName.of(wanted, Arrays.stream(type.getEnumConstants()).map(EnumChoice::nameOf).toList())
                .map(n -> "; did you mean '" + n + "'?").orElse("");
        throw new ConfigException(field + ": unknown value '" + text + "'" + hint + " (one of " + choices(type) + ")");
    }

    /** All choices as they are written in files. */
    public static String choices(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(EnumChoice::nameOf).collect(Collectors.joining(", "));
    }
}
