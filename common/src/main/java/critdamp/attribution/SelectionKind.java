package critdamp.attribution;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import critdamp.base.EnumChoice;

/** How {@link LayerSelection} flags layers from a {@link LayerAttribution}; written in lower case in config files. */
public enum SelectionKind {
    /** The k highest-scoring layers ({@code top_k}). */
    TOP_K,
    /** Every layer whose score is at least the threshold ({@code threshold}). */
    THRESHOLD,
    /** Layers in score order while their parameters fit a share of the model's parameters ({@code param_budget}). */
    PARAM_BUDGET;

    /**
     * Parses the lower-case name (case-insensitive, '-' read as '_'), e.g. {@code "top_k"}, {@code "param-budget"}.
     *
     * @throws critdamp.base.ConfigException naming the value, the closest choice and all choices
     */
    @JsonCreator
    public static SelectionKind parse(String text) {
        return EnumChoice.parse(SelectionKind.class, text, "selection.kind");
    }

    /** The name used in files, e.g. {@code "param_budget"}. */
    @JsonValue
    public String configName() {
        return EnumChoice.nameOf(this);
    }
}
