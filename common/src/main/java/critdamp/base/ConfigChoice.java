package critdamp.base;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/**
 * A closed set of choices written in files in lower case, implemented by an enum ({@code WARMUP_COSINE} is written
 * {@code warmup_cosine}). The one place for how such a value is written and read: Jackson writes {@link #configName}
 * and reads through {@link EnumChoice#parse} with the key being read, in every mapper (the annotations are inherited),
 * so a misspelt value says where it is and what was meant:
 * {@code momentum.kind: unknown value 'phisics'; did you mean 'physics'? (one of constant, physics, ...)}.
 */
@JsonDeserialize(using = ConfigChoiceDeserializer.class)
public interface ConfigChoice {
    /** The name used in files, e.g. {@code "param_budget"}. */
    @JsonValue
    default String configName() {
        return EnumChoice.nameOf((Enum<?>) this);
    }
}
