package critdamp.engine;

import critdamp.model.InputShape;
import java.util.Objects;

/**
 * A minibatch as both engines take it: images NCHW in one float array, labels as class indices. Arrays are shared,
 * not copied: do not change them while an engine uses the batch.
 *
 * @param shape    one image
 * @param features {@code labels.length * shape.size()} values, example-major, each image channels, rows, columns
 * @param labels   the class of each example, >= 0 (each engine checks the upper bound against its network)
 */
public record Batch(InputShape shape, float[] features, int[] labels) {
    public Batch {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        if (labels.length == 0) {
            throw new IllegalArgumentException("a batch needs at least one example");
        }
        if ((long) labels.length * shape.size() != features.length) {
            throw new IllegalArgumentException(features.length + " feature values for " + labels.length
                    + " examples of " + shape + " (" + labels.length * shape.size() + " expected)");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("label of example " + i + " = " + labels[i] + ": must be >= 0");
            }
        }
    }

    /** Number of examples. */
    public int size() {
        return labels.length;
    }

    /** @throws IllegalArgumentException when a label is not below {@code numClasses} or the shape differs */
    public void requireFits(InputShape expected, int numClasses) {
        if (!shape.equals(expected)) {
            throw new IllegalArgumentException("batch of " + shape + " images for a network of " + expected);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= numClasses) {
                throw new IllegalArgumentException("label of example " + i + " = " + labels[i] + ": the network has "
                        + numClasses + " classes");
            }
        }
    }
}
