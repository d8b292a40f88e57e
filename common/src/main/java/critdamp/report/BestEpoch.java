package critdamp.report;

import critdamp.run.EpochRecord;

import java.util.List;
import java.util.Optional;

/**
 * The epoch a user would keep, chosen on the validation split (carved from the training files), with the test accuracy
 * it measured. Choosing on test accuracy would report the maximum of noisy measurements of the very set it is scored
 * on (an optimistic figure); that is done only when the run has no validation split, and then {@link #split} says so.
 *
 * @param epoch              1-based epoch chosen (the earliest of equal bests)
 * @param split              the split whose accuracy chose it
 * @param validationAccuracy validation accuracy at that epoch (NaN without a validation split)
 * @param testAccuracy       test accuracy at that epoch: the measurement
 * @param wallSeconds        wall time at the end of that epoch
 */
public record BestEpoch(int epoch, Split split, double validationAccuracy, double testAccuracy, double wallSeconds) {

    /** The split that chose the best epoch. */
    public enum Split {
        VALIDATION("validation"), TEST("test (no validation split: optimistic)");

        private final String label;

        Split(String label) {
            this.label = label;
        }

        /** How the page names it. */
        public String label() {
            return label;
        }
    }

    /** The best epoch by validation accuracy, or by test accuracy when no epoch has one; empty without epochs. */
    public static Optional<BestEpoch> choose(List<EpochRecord> epochs) {
        boolean validation = epochs.stream().anyMatch(e -> Double.isFinite(e.validationAccuracy()));
        EpochRecord best = null;
        for (EpochRecord e : epochs) {
            double score = validation ? e.validationAccuracy() : e.testAccuracy();
            if (Double.isFinite(score)
                    && (best == null || score > (validation ? best.validationAccuracy() : best.testAccuracy()))) {
                best = e;
            }
        }
        return Optional.ofNullable(best).map(e -> new BestEpoch(e.epoch(), validation ? Split.VALIDATION : Split.TEST,
                e.validationAccuracy(), e.testAccuracy(), e.wallSeconds()));
    }
}
