package critdamp.engine;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One tensor of a network in its {@link ParameterLayout}: the layer it belongs to (the DL4J layer name, which also
 * names its group, {@code critdamp.model.LayerGroups}), what it holds, and its shape. The values are stored flat,
 * row-major in {@code shape}.
 *
 * @param layer layer name, e.g. {@code block1_conv1}
 * @param role  what the block holds
 * @param shape dimensions, each > 0
 */
public record ParameterBlock(String layer, ParameterRole role, List<Integer> shape) {
    public ParameterBlock {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(role, "role");
        shape = List.copyOf(shape);
        if (layer.isBlank() || shape.isEmpty() || shape.stream().anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException("parameter block " + layer + "/" + role + ": shape " + shape
                    + " must have at least one dimension, each > 0");
        }
    }

    /** A block of the given dimensions. */
    public static ParameterBlock of(String layer, ParameterRole role, int... shape) {
        return new ParameterBlock(layer, role, Arrays.stream(shape).boxed().toList());
    }

    /** Number of values. */
    public int length() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return Math.toIntExact(n);
    }

    @Override
    public String toString() {
        return layer + "_" + role.dl4jKey() + shape;
    }
}
