package critdamp.torch;

import critdamp.engine.ParameterBlock;
import critdamp.engine.ParameterLayout;
import critdamp.engine.ParameterRole;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A network's values in libtorch, laid out so that the canonical vector ({@link ParameterLayout}) moves in and out
 * with a few memory copies, and the optimizer can work on one flat tensor:
 * <ul>
 *   <li>{@link #trainable()}: every gradient-trained value in one flat float tensor, in trainable coordinates. Each
 *       trained block is a leaf tensor (requires grad) that shares its storage, so writing the flat tensor writes the
 *       network's weights;</li>
 *   <li>{@link #gradient()}: one flat tensor of the same size. Each leaf's {@code grad} is a view of it, into which
 *       autograd accumulates in place, so after a backward pass the whole gradient is here;</li>
 *   <li>{@link #statistics()}: the batch-norm running means and variances (the variance itself, as
 *       {@code batch_norm} takes it; the canonical vector holds {@code log10(sqrt(var))}).</li>
 * </ul>
 * Owns its native memory until {@link #close}. Lives on one {@link TorchDevice}; the float arrays in and out are copied
 * through the CPU where that is a GPU.
 */
final class TorchParameters implements AutoCloseable {
    private final ParameterLayout layout;
    private final TorchDevice device;
    private final Tensor trainable;
    private final Tensor gradient;
    private final Tensor statistics;
    /** Per block: its leaf (trained) or its view of {@link #statistics} (running statistic). */
    private final Tensor[] tensors;
    /** Per block: where it starts in {@link #statistics}; -1 for a trained block. */
    private final int[] statisticsOffsets;

    /** On the calling thread's {@link TorchDevice#current()} device. */
    TorchParameters(ParameterLayout layout) {
        this(layout, TorchDevice.current());
    }

    TorchParameters(ParameterLayout layout, TorchDevice device) {
        this.layout = layout;
        this.device = device;
        List<ParameterBlock> blocks = layout.blocks();
        int statisticsSize = layout.size() - layout.trainableSize();
        trainable = owned(device.place(torch.zeros(layout.trainableSize())));
        gradient = owned(device.place(torch.zeros(layout.trainableSize())));
        statistics = owned(device.place(torch.zeros(Math.max(1, statisticsSize))));
        tensors = new Tensor[blocks.size()];
        statisticsOffsets = new int[blocks.size()];
        int statisticsOffset = 0;
        for (int i = 0; i < blocks.size(); i++) {
            ParameterBlock b = blocks.get(i);
            long[] shape = b.shape().stream().mapToLong(Integer::longValue).toArray();
            if (b.role().trained()) {
                int at = layout.trainableOffset(i);
                Tensor leaf = owned(trainable.narrow(0, at, b.length()).view(shape).detach());
                leaf.set_requires_grad(true);
                leaf.mutable_grad().put(gradient.narrow(0, at, b.length()).view(shape));
                tensors[i] = leaf;
                statisticsOffsets[i] = -1;
            } else {
                tensors[i] = owned(statistics.narrow(0, statisticsOffset, b.length()).view(shape));
                statisticsOffsets[i] = statisticsOffset;
                statisticsOffset += b.length();
            }
        }
    }

    /** {@code t}, kept alive past any {@code PointerScope} open around the caller, until {@link #close}. */
    private static Tensor owned(Tensor t) {
        t.retainReference();
        return t;
    }

    ParameterLayout layout() {
        return layout;
    }

    /** Where the values live. */
    TorchDevice device() {
        return device;
    }

    /** Block {@code i}'s tensor: a leaf of {@link #trainable()} or a view of {@link #statistics()}. */
    Tensor tensor(int i) {
        return tensors[i];
    }

    /** Every trained value, flat, in trainable coordinates (the leaves share its storage). */
    Tensor trainable() {
        return trainable;
    }

    /** The leaves' gradients, flat, in trainable coordinates. */
    Tensor gradient() {
        return gradient;
    }

    /** Running means and variances. */
    Tensor statistics() {
        return statistics;
    }

    /** Sets whether block {@code i} (a trained one) gets a gradient. */
    void setRequiresGradient(int i, boolean requires) {
        if (statisticsOffsets[i] >= 0) {
            throw new IllegalArgumentException("block " + layout.blocks().get(i) + " is a running statistic");
        }
        tensors[i].set_requires_grad(requires);
    }

    /** The canonical vector: every value, running deviations as {@code log10(sqrt(var))}. */
    float[] values() {
        float[] out = new float[layout.size()];
        try (PointerScope hostCopies = new PointerScope()) {
            FloatPointer weights = TorchDevice.host(trainable).data_ptr_float();
            FloatPointer stats = TorchDevice.host(statistics).data_ptr_float();
            List<ParameterBlock> blocks = layout.blocks();
            for (int i = 0; i < blocks.size(); i++) {
                ParameterBlock b = blocks.get(i);
                int to = layout.offset(i);
                if (b.role().trained()) {
                    weights.position(layout.trainableOffset(i)).get(out, to, b.length());
                } else {
                    stats.position(statisticsOffsets[i]).get(out, to, b.length());
                    if (b.role() == ParameterRole.BN_LOG10_STD) {
                        for (int j = to; j < to + b.length(); j++) {
                            out[j] = ParameterRole.log10StdOfVariance(out[j]);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Replaces every value with the canonical vector {@code values}. */
    void setValues(float[] values) {
        layout.requireFullLength(values.length);
        try (PointerScope hostCopies = new PointerScope()) {
            Tensor hostTrainable = TorchDevice.host(trainable);
            Tensor hostStatistics = TorchDevice.host(statistics);
            FloatPointer weights = hostTrainable.data_ptr_float();
            FloatPointer stats = hostStatistics.data_ptr_float();
            List<ParameterBlock> blocks = layout.blocks();
            for (int i = 0; i < blocks.size(); i++) {
                ParameterBlock b = blocks.get(i);
                int from = layout.offset(i);
                if (b.role().trained()) {
                    weights.position(layout.trainableOffset(i)).put(values, from, b.length());
                } else if (b.role() == ParameterRole.BN_LOG10_STD) {
                    float[] variance = new float[b.length()];
                    for (int j = 0; j < variance.length; j++) {
                        variance[j] = exactVariance(values[from + j]);
                    }
                    stats.position(statisticsOffsets[i]).put(variance, 0, variance.length);
                } else {
                    stats.position(statisticsOffsets[i]).put(values, from, b.length());
                }
            }
            TorchDevice.writeBack(trainable, hostTrainable);
            TorchDevice.writeBack(statistics, hostStatistics);
        }
    }

    /**
     * The running variance for a canonical {@code log10(sqrt(var))}: DL4J's {@code (10^l)^2}, or the float at most a
     * few steps from it whose canonical value is exactly {@code log10Std} where there is one (always, for a value that
     * {@link #values()} returned). So {@code setValues(values())} changes nothing, bit for bit, however often the
     * driver and the workers pass the vector back and forth: a frozen batch norm's statistics stay identical. (The
     * canonical value has more digits than the variance near {@code var = 1}, so plain {@code (10^l)^2} misses the
     * variance it came from for up to about 1 value in 100.)
     */
    private static float exactVariance(float log10Std) {
        float variance = ParameterRole.varianceOfLog10Std(log10Std);
        float up = variance;
        float down = variance;
        for (int step = 0; step < 4; step++) {
            if (ParameterRole.log10StdOfVariance(up) == log10Std) {
                return up;
            }
            if (ParameterRole.log10StdOfVariance(down) == log10Std) {
                return down;
            }
            up = Math.nextUp(up);
            down = Math.nextDown(down);
        }
        return variance;
    }

    /**
     * The values as libtorch holds them, for a checkpoint that restores them bit for bit: every trainable value
     * (trainable coordinates), then the running means and variances (the variances themselves, not their
     * {@code log10(sqrt(var))}, whose round trip is not exact).
     */
    float[] rawValues() {
        int n = layout.trainableSize();
        float[] out = new float[n + Math.toIntExact(statistics.numel())];
        try (PointerScope hostCopies = new PointerScope()) {
            TorchDevice.host(trainable).data_ptr_float().get(out, 0, n);
            TorchDevice.host(statistics).data_ptr_float().get(out, n, out.length - n);
        }
        return out;
    }

    /** Restores what {@link #rawValues()} returned. */
    void setRawValues(float[] raw) {
        int n = layout.trainableSize();
        if (raw.length != n + statistics.numel()) {
            throw new IllegalArgumentException(raw.length + " raw values for a network of " + (n + statistics.numel()));
        }
        try (PointerScope hostCopies = new PointerScope()) {
            Tensor hostTrainable = TorchDevice.host(trainable);
            Tensor hostStatistics = TorchDevice.host(statistics);
            hostTrainable.data_ptr_float().put(raw, 0, n);
            hostStatistics.data_ptr_float().put(raw, n, raw.length - n);
            TorchDevice.writeBack(trainable, hostTrainable);
            TorchDevice.writeBack(statistics, hostStatistics);
        }
    }

    /** The flat gradient as floats, trainable coordinates. */
    float[] gradientValues() {
        float[] out = new float[layout.trainableSize()];
        try (PointerScope hostCopies = new PointerScope()) {
            TorchDevice.host(gradient).data_ptr_float().get(out);
        }
        return out;
    }

    @Override
    public void close() {
        for (Tensor t : tensors) {
            t.close();
        }
        trainable.close();
        gradient.close();
        statistics.close();
    }
}
