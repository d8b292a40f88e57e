package critdamp.base;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads a {@link ConfigChoice} enum with {@link EnumChoice#parse}, naming the dotted key being read (e.g.
 * {@code momentum.kind}, {@code arms[0].arm}) in the error. Contextual: the annotation on the interface gives Jackson
 * one instance, which learns the concrete enum from the type being read.
 */
final class ConfigChoiceDeserializer extends JsonDeserializer<Enum<?>> implements ContextualDeserializer {
    /** The enum read; null only in the instance Jackson creates from the annotation. */
    private final Class<?> type;

    ConfigChoiceDeserializer() {
        this(null);
    }

    private ConfigChoiceDeserializer(Class<?> type) {
        this.type = type;
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
        return new ConfigChoiceDeserializer(ctxt.getContextualType().getRawClass());
    }

    /** A scalar is read as its text; anything else (a mapping, a list) as a missing value. */
    @Override
    public Enum<?> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String text = "";
        if (p.currentToken().isScalarValue()) {
            text = p.getValueAsString();
        } else {
            p.skipChildren();
        }
        return parse(text, key(p.getParsingContext()));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Enum<?> parse(String text, String key) {
        return EnumChoice.parse((Class) type, text, key);
    }

    /** The dotted key of the value at {@code context}; the enum's own name for a value at the top level. */
    private String key(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            parts.addFirst(c.inArray() ? "[" + c.getCurrentIndex() + "]" : c.getCurrentName());
        }
        return parts.isEmpty() ? type.getSimpleName() : String.join(".", parts).replace(".[", "[");
    }
}
