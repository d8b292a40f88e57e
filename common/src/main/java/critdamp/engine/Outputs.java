package critdamp.engine;

/**
 * A network's inference-mode output on one batch: the logits (the dense layer's output before softmax) and the mean
 * cross-entropy loss of softmax(logits) against the labels, the data term alone (no weight decay).
 *
 * @param classes output classes
 * @param logits  {@code examples * classes} values, example-major
 * @param loss    mean over the examples of {@code min(-log softmax(logits)[label], MAX_EXAMPLE_LOSS)}
 */
public record Outputs(int classes, float[] logits, double loss) {
    /**
     * The most one example adds to a reported loss, {@code -ln(1e-10)} = 23.03: DL4J clips the softmax at 1e-10 before
     * the log ({@code LossMCXENT}), and the torch engine reports the same number. Only the reported loss is capped;
     * the gradient is the cross-entropy's ({@code softmax - onehot}) in both engines.
     */
    public static final double MAX_EXAMPLE_LOSS = -Math.log(1e-10);

    public Outputs {
        if (classes < 1 || logits.length % classes != 0) {
            throw new IllegalArgumentException(logits.length + " logits do not split into rows of " + classes);
        }
    }

    public int examples() {
        return logits.length / classes;
    }

    public float logit(int example, int cls) {
        return logits[example * classes + cls];
    }

    /** The predicted class of each example: the first largest logit. */
    public int[] predictions() {
        int[] out = new int[examples()];
        for (int i = 0; i < out.length; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logit(i, c) > logit(i, best)) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** For each example, whether its prediction misses its label (what attribution splits the examples by). */
    public boolean[] misclassified(int[] labels) {
        int[] predicted = predictions();
        if (labels.length != predicted.length) {
            throw new IllegalArgumentException(labels.length + " labels for " + predicted.length + " examples");
        }
        boolean[] wrong = new boolean[labels.length];
        for (int i = 0; i < wrong.length; i++) {
            wrong[i] = predicted[i] != labels[i];
        }
        return wrong;
    }
}
