package critdamp.schedule;

import critdamp.base.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import critdamp.base.ConfigException;

/**
 * Test fixture: schedule specs as compact JSON text, the form the DL4J schedule adapters
 * ({@link LearningRateISchedule}, {@link MomentumISchedule}) store: a plain String survives ND4J's shaded Jackson,
 * Java serialization and Kryo alike, and reading it back re-runs the specs' validation.
 */
final class SpecJson {
    private static final ObjectWriter WRITER = Json.mapper().writer()
            .without(SerializationFeature.INDENT_OUTPUT);

    private SpecJson() {
    }

    static String write(Object spec) {
        try {
            return WRITER.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + spec + " as JSON", e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConfigException c) {
                throw c;
            }
            throw new ConfigException("cannot read " + type.getSimpleName() + " from '" + json + "': "
                    + e.getOriginalMessage(), e);
        }
    }
}
