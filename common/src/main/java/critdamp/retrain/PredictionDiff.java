package critdamp.retrain;

import java.util.Objects;

/**
 * What retraining changed on an evaluation set, example by example: the examples it fixed (wrong before, right after)
 * and broke (right before, wrong after). Accuracy alone hides churn; targeted correction is judged by fixed against
 * broken.
 *
 * @param n              number of examples
 * @param fixed          wrong before, right after
 * @param broken         right before, wrong after
 * @param net            fixed - broken (= correct after - correct before)
 * @param accuracyBefore share right before
 * @param accuracyAfter  share right after
 */
public record PredictionDiff(int n, int fixed, int broken, int net, double accuracyBefore, double accuracyAfter) {
    public PredictionDiff {
        if (n < 1 || fixed < 0 || broken < 0 || fixed > n || broken > n || net != fixed - broken) {
            throw new IllegalArgumentException("inconsistent counts: n = " + n + ", fixed = " + fixed + ", broken = "
                    + broken + ", net = " + net);
        }
    }

    /**
     * Compares predictions before and after with the labels.
     *
     * @throws IllegalArgumentException when the arrays are empty or differ in length
     */
    public static PredictionDiff of(int[] labels, int[] before, int[] after) {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        if (labels.length == 0 || before.length != labels.length || after.length != labels.length) {
            throw new IllegalArgumentException("labels, before and after must be non-empty and of equal length; got "
                    + labels.length + ", " + before.length + ", " + after.length);
        }
        int fixed = 0;
        int broken = 0;
        int rightBefore = 0;
        int rightAfter = 0;
        for (int i = 0; i < labels.length; i++) {
            boolean b = before[i] == labels[i];
            boolean a = after[i] == labels[i];
            rightBefore += b ? 1 : 0;
            rightAfter += a ? 1 : 0;
            fixed += !b && a ? 1 : 0;
            broken += b && !a ? 1 : 0;
        }
        int n = labels.length;
        return new PredictionDiff(n, fixed, broken, fixed - broken, (double) rightBefore / n, (double) rightAfter / n);
    }
}
