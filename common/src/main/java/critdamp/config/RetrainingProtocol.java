package critdamp.config;

import critdamp.base.Check;

/**
 * How one retraining arm trains: passes over the training split and the peak learning rate of its cosine schedule
 * (from there to 0), with the run's optimizer and momentum kind. Every arm of a comparison gets the same protocol,
 * chosen on the validation split ({@link RetrainingSpec}).
 *
 * @param epochs passes over the training split, >= 1
 * @param baseLr peak learning rate, > 0
 */
public record RetrainingProtocol(int epochs, double baseLr) {
    public RetrainingProtocol {
        Check.positive("retraining.epochs", epochs);
        Check.positive("retraining.baseLr", baseLr);
    }

    @Override
    public String toString() {
        return epochs + " epoch(s) from lr " + baseLr;
    }
}
