package critdamp.retrain;

import java.util.List;

import critdamp.config.RetrainingProtocol;

/**
 * The outcome of one arm of a targeted-correction comparison: which groups were retrained, with which protocol, and
 * what it changed on the validation split (accuracy) and on the test set (accuracy, and example by example).
 *
 * @param name             the arm's name ({@link RetrainingArm#name()})
 * @param arm              its kind
 * @param dataOrder        0, or 1 for the data-order replicate
 * @param groups           the retrained groups, in network order
 * @param layers           their layers, in network order
 * @param paramCount       their trainable parameters
 * @param paramShare       paramCount / all trainable parameters
 * @param protocol         epochs and peak learning rate
 * @param steps            optimizer steps (global, as the averaging rounds count them)
 * @param validationBefore validation accuracy of the trained network
 * @param validationAfter  validation accuracy after retraining
 * @param accuracyBefore   test accuracy of the trained network
 * @param accuracyAfter    test accuracy after retraining
 * @param fixed            test examples wrong before, right after
 * @param broken           test examples right before, wrong after
 * @param net              fixed - broken
 * @param frozenDrift      the largest change of any parameter of a frozen layer, measured on the retrained network
 *                         before anything is reset: 0 when freezing held exactly
 * @param seconds          wall-clock seconds of the retraining
 * @param folder           the arm's sub-folder of the run folder
 */
public record ArmResult(String name, ArmKind arm, int dataOrder, List<String> groups, List<String> layers,
                        long paramCount, double paramShare, RetrainingProtocol protocol, long steps,
                        double validationBefore, double validationAfter, double accuracyBefore, double accuracyAfter,
                        int fixed, int broken, int net, double frozenDrift, double seconds, String folder) {
    public ArmResult {
        groups = List.copyOf(groups);
        layers = List.copyOf(layers);
        if (net != fixed - broken) {
            throw new IllegalArgumentException("arm " + name + ": net = " + net + " but fixed - broken = "
                    + (fixed - broken));
        }
    }

    /** Combines the planned arm, its protocol and what its retrained network changed on validation and test data. */
    public static ArmResult of(RetrainingArm arm, RetrainingProtocol protocol, long steps, PredictionDiff validation,
                               PredictionDiff test, double frozenDrift, double seconds, String folder) {
        GroupChoice c = arm.choice();
        return new ArmResult(arm.name(), arm.kind(), arm.dataOrder(), c.groups(), c.layers(), c.paramCount(),
                c.paramShare(), protocol, steps, validation.accuracyBefore(), validation.accuracyAfter(),
                test.accuracyBefore(), test.accuracyAfter(), test.fixed(), test.broken(), test.net(), frozenDrift,
                seconds, folder);
    }

    /** Whether this result is of {@code planned} (same name, kind, groups and data order) under {@code protocol}. */
    public boolean isOf(RetrainingArm planned, RetrainingProtocol protocol) {
        return name.equals(planned.name()) && arm == planned.kind() && dataOrder == planned.dataOrder()
                && groups.equals(planned.choice().groups()) && this.protocol.equals(protocol);
    }
}
