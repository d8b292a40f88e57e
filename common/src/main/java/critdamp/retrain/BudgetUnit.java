package critdamp.retrain;

import critdamp.base.ConfigChoice;

/** What a {@link RetrainingBudget} counts; written in lower case in files. */
public enum BudgetUnit implements ConfigChoice {
    /** Optimizer steps: one step is one update on one minibatch (oversampled copies included). */
    STEPS,
    /** Full passes over the training data. */
    EPOCHS;
}
