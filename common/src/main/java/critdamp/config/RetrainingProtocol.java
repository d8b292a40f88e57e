package critdamp.config;

import critdamp.base.Check;
import critdamp.schedule.LearningRateKind;
import critdamp.schedule.LearningRateSpec;

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

    /**
     * The config an arm trains with under this protocol: {@code run}'s, with this many epochs and no early stop, its
     * learning rate a cosine from {@code baseLr} to 0 without warm-up (the step schedule's parameters, which cosine
     * does not read, kept as they were); optimizer, momentum and everything else as the run had them.
     */
    public TrainConfig appliedTo(TrainConfig run) {
        return run.copy()
                .training(t -> t.withEpochs(epochs).withStopAtAccuracy(null))
                .learningRate(lr -> new LearningRateSpec(LearningRateKind.COSINE, baseLr, 0.0, null, null,
                        lr.milestones(), lr.gamma()))
                .build();
    }

    @Override
    public String toString() {
        return epochs + " epoch(s) from lr " + baseLr;
    }
}
