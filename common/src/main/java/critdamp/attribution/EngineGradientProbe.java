package critdamp.attribution;

import critdamp.engine.Batch;
import critdamp.engine.ParameterBlock;
import critdamp.engine.ParameterLayout;
import critdamp.engine.TrainableModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * {@link GradientProbe}'s twin on the engine contract: per-layer attribution of any engine's {@link TrainableModel}
 * (the torch engine's), from what the contract gives, so that {@link LayerAttribution} means the same for both
 * engines:
 * <ul>
 *   <li>{@link #misclassified}: {@link TrainableModel#evaluate} (inference mode, batch norm on its running statistics),
 *       the first largest logit against the label;</li>
 *   <li>{@link #accumulateGradientSum}: {@link TrainableModel#addGradientSum}, the gradient of the selected examples'
 *       summed loss (no weight decay) with the forward pass in training mode over the whole minibatch, running
 *       statistics untouched: DL4J's masked {@code computeGradientAndScore}. The sum, in trainable coordinates, is cut
 *       into the layers of {@link TrainableLayer#of(ParameterLayout)};</li>
 *   <li>{@link #parameterNorms}: the L2 norm of each layer's gradient-trained values (running statistics excluded),
 *       summed in double.</li>
 * </ul>
 * Within a layer the values follow the canonical order, which for a dense weight is the transpose of the order a
 * {@link GradientProbe} reports; norms, and so every figure of an attribution, do not depend on it.
 *
 * <p>The model is read, never changed (no training step, no running-statistics update), and must have no frozen group:
 * a frozen group gets no gradient and runs its batch norms in inference mode. Not thread-safe: one probe per model,
 * one model per thread (per Spark task).
 */
public final class EngineGradientProbe implements AttributionProbe<Batch> {
    private final TrainableModel model;
    private final List<TrainableLayer> layers;
    /** Per layer: its trained blocks as {@code [start, end)} pairs in trainable coordinates, in order. */
    private final int[][] ranges;
    private final double[] scratch;

    private EngineGradientProbe(TrainableModel model) {
        this.model = model;
        ParameterLayout layout = model.layout();
        this.layers = TrainableLayer.of(layout);
        this.ranges = new int[layers.size()][];
        List<ParameterBlock> blocks = layout.blocks();
        for (int l = 0; l < layers.size(); l++) {
            List<Integer> pairs = new ArrayList<>();
            for (int i = 0; i < blocks.size(); i++) {
                ParameterBlock b = blocks.get(i);
                if (b.role().trained() && b.layer().equals(layers.get(l).name())) {
                    pairs.add(layout.trainableOffset(i));
                    pairs.add(layout.trainableOffset(i) + b.length());
                }
            }
            ranges[l] = pairs.stream().mapToInt(Integer::intValue).toArray();
        }
        this.scratch = new double[layout.trainableSize()];
    }

    /**
     * A probe on {@code model} itself (not a copy: the probe only reads it).
     *
     * @throws IllegalArgumentException when a group of the model is frozen
     */
    public static EngineGradientProbe of(TrainableModel model) {
        requireNoFrozenGroup(model);
        return new EngineGradientProbe(model);
    }

    /** @throws IllegalArgumentException naming the frozen groups, when {@code model} has any */
    public static void requireNoFrozenGroup(TrainableModel model) {
        Objects.requireNonNull(model, "model");
        if (!model.frozenGroups().isEmpty()) {
            throw new IllegalArgumentException("attribution needs every layer group training; "
                    + model.frozenGroups() + " are frozen");
        }
    }

    @Override
    public List<TrainableLayer> layers() {
        return layers;
    }

    @Override
    public double[] parameterNorms() {
        float[] values = model.parameters();
        ParameterLayout layout = model.layout();
        double[] squares = new double[layers.size()];
        List<ParameterBlock> blocks = layout.blocks();
        int l = 0;
        for (int i = 0; i < blocks.size(); i++) {
            ParameterBlock b = blocks.get(i);
            if (!b.role().trained()) {
                continue;
            }
            while (!layers.get(l).name().equals(b.layer())) {
                l++;
            }
            for (int j = layout.offset(i), end = j + b.length(); j < end; j++) {
                squares[l] += (double) values[j] * values[j];
            }
        }
        double[] norms = new double[squares.length];
        for (int k = 0; k < norms.length; k++) {
            norms[k] = Math.sqrt(squares[k]);
        }
        return norms;
    }

    @Override
    public boolean[] misclassified(Batch batch) {
        return model.evaluate(batch).misclassified(batch.labels());
    }

    @Override
    public void accumulateGradientSum(Batch batch, boolean[] selected, double[][] sums) {
        if (sums.length != layers.size()) {
            throw new IllegalArgumentException("sums has " + sums.length + " layers, the probe " + layers.size());
        }
        for (int l = 0; l < sums.length; l++) {
            if (sums[l].length != layers.get(l).paramCount()) {
                throw new IllegalArgumentException("sums[" + l + "] has length " + sums[l].length + ", layer '"
                        + layers.get(l).name() + "' has " + layers.get(l).paramCount() + " parameters");
            }
        }
        Arrays.fill(scratch, 0.0);
        model.addGradientSum(batch, selected, scratch);
        for (int l = 0; l < sums.length; l++) {
            double[] target = sums[l];
            int to = 0;
            for (int p = 0; p < ranges[l].length; p += 2) {
                for (int j = ranges[l][p]; j < ranges[l][p + 1]; j++) {
                    target[to++] += scratch[j];
                }
            }
        }
    }
}
