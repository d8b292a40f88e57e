package critdamp.retrain;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a {@link RetrainingBudget} counts; written in lower case in files. */
public enum BudgetUnit {
    /** Optimizer steps: one step is one update on one minibatch (oversampled copies included). */
    STEPS,
    /** Full passes over the training data. */
    EPOCHS;

    @JsonCreator
    public static BudgetUnit parse(String text) {
        if (text != null) {
            for (BudgetUnit u : values()) {
                if (u.configName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return u;
                }
            }
        }
        throw new IllegalArgumentException("budget unit '" + text + "': one of steps, epochs");
    }

    @JsonValue
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
