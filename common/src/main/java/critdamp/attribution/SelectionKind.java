package critdamp.attribution;

import critdamp.base.ConfigChoice;

/** How {@link LayerSelection} flags layers from a {@link LayerAttribution}; written in lower case in config files. */
public enum SelectionKind implements ConfigChoice {
    /** The k highest-scoring layers ({@code top_k}). */
    TOP_K,
    /** Every layer whose score is at least the threshold ({@code threshold}). */
    THRESHOLD,
    /** Layers in score order while their parameters fit a share of the model's parameters ({@code param_budget}). */
    PARAM_BUDGET;
}
