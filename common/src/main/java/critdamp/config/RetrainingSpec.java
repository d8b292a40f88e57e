package critdamp.config;

import critdamp.base.Check;

/**
 * The {@code retraining:} section: the targeted correction stage (flagged layers only, the rest frozen) and its
 * controls, all with the same budget and the run's optimizer and momentum kind.
 *
 * @param epochs   passes over the training split per arm (default 1)
 * @param baseLr   peak learning rate of the retraining's cosine schedule (default 0.01: a fine-tuning rate)
 * @param controls also retrain (a) all layers and (b) random layers of the flagged parameter share (default true)
 */
public record RetrainingSpec(Integer epochs, Double baseLr, Boolean controls) {
    public RetrainingSpec {
        epochs = Check.positive("retraining.epochs", epochs == null ? 1 : epochs);
        baseLr = Check.positive("retraining.baseLr", baseLr == null ? 0.01 : baseLr);
        controls = controls == null ? Boolean.TRUE : controls;
    }

    public static RetrainingSpec defaults() {
        return new RetrainingSpec(null, null, null);
    }
}
