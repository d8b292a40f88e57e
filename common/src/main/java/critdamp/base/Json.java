package critdamp.base;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one JSON mapper for everything critdamp writes and reads back: configs, run metadata, metrics lines, reports'
 * data. Reading is strict (unknown keys, nulls for primitives and trailing tokens fail) so a hand-edited file is
 * never half-read; writing is indented for people.
 */
public final class Json {
    private static final ObjectMapper MAPPER = strict(new ObjectMapper()).enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** Applies the strict reading rules to {@code mapper} (YAML configs use them too). */
    public static ObjectMapper strict(ObjectMapper mapper) {
        return mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** The shared mapper (thread-safe once configured). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** {@code value} as indented JSON. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** {@code value} as one line of JSON (a JSONL record). */
    public static String writeLine(Object value) {
        try {
            return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Reads {@code text} as a {@code type}; {@code source} (a file name) starts the error message. A
     * {@link ConfigException} thrown by the type's own validation comes through as it is.
     */
    public static <T> T read(String text, Class<T> type, String source) {
        try {
            return MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof ConfigException c) {
                throw c;
            }
            throw new UncheckedIOException(source + ": not a valid " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code value} as indented JSON to the local {@code file}. */
    public static void writeFile(Path file, Object value) {
        try {
            Files.writeString(file, write(value));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Reads the local {@code file} as a {@code type}; errors name the file. */
    public static <T> T readFile(Path file, Class<T> type) {
        try {
            return read(Files.readString(file), type, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
