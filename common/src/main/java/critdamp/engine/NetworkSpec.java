package critdamp.engine;

import critdamp.model.ActivationFormat;
import critdamp.model.InputShape;
import critdamp.model.ModelKind;
import java.util.Objects;

/**
 * The network an engine builds: one of critdamp's architectures for an input shape and a number of classes.
 *
 * @param kind       small CNN, ResNet-20 or ResNet-18 ({@code model.kind})
 * @param format     the activation layout ({@code model.format}): DL4J's choice of kernels; libtorch picks its own
 *                   memory layout, so the torch engine accepts either and computes the same network
 * @param input      one image, NCHW
 * @param numClasses output classes, 2..100000
 */
public record NetworkSpec(ModelKind kind, ActivationFormat format, InputShape input, int numClasses) {
    public NetworkSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(input, "input");
        if (numClasses < 2 || numClasses > 100_000) {
            throw new IllegalArgumentException("numClasses = " + numClasses + ": must be in [2, 100000]");
        }
    }

    /** {@code kind} in the default (NCHW) layout. */
    public NetworkSpec(ModelKind kind, InputShape input, int numClasses) {
        this(kind, ActivationFormat.NCHW, input, numClasses);
    }
}
