package critdamp.retrain;

import java.util.List;

/**
 * The outcome of one arm of a targeted-correction comparison: which layers were retrained, for how long, and what it
 * changed on the evaluation set.
 *
 * @param arm                 targeted, all layers or random layers
 * @param layers              the retrained layers, in network order
 * @param paramCount          their trainable parameters
 * @param paramShare          paramCount / all trainable parameters
 * @param budget              the retraining budget
 * @param misclassifiedWeight oversampling factor of misclassified training examples (1 = off)
 * @param steps               optimizer steps taken
 * @param accuracyBefore      evaluation accuracy of the trained network
 * @param accuracyAfter       evaluation accuracy after retraining
 * @param fixed               evaluation examples wrong before, right after
 * @param broken              evaluation examples right before, wrong after
 * @param net                 fixed - broken
 * @param seconds             wall-clock seconds of the retraining
 */
public record ArmResult(ArmKind arm, List<String> layers, long paramCount, double paramShare, RetrainingBudget budget,
                        int misclassifiedWeight, long steps, double accuracyBefore, double accuracyAfter, int fixed,
                        int broken, int net, double seconds) {
    public ArmResult {
        layers = List.copyOf(layers);
    }

    /** Combines the layer choice, the retraining record and the prediction diff of one arm. */
    public static ArmResult of(ArmKind arm, LayerChoice choice, RetrainingRun run, PredictionDiff diff) {
        return new ArmResult(arm, choice.layers(), choice.paramCount(), choice.paramShare(), run.budget(),
                run.misclassifiedWeight(), run.steps(), diff.accuracyBefore(), diff.accuracyAfter(), diff.fixed(),
                diff.broken(), diff.net(), run.seconds());
    }
}
