package critdamp.torch;

import critdamp.engine.NetworkSpec;
import critdamp.engine.ParameterBlock;
import critdamp.engine.ParameterLayout;
import critdamp.model.LayerGroups;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * One of critdamp's networks in libtorch: the architecture of its DL4J twin ({@code critdamp.model}), layer for layer,
 * with its values in a {@link TorchParameters} in the canonical order, so that one vector loads into either engine.
 * Subclasses declare their layers in the constructor ({@link #layers}), in the canonical order (DL4J's topological
 * order, which a test checks), call {@link #bind}, and compute {@link #logits}.
 *
 * <p>Not thread-safe. Callers scope each step's temporaries in a {@code PointerScope}; {@link #close} frees the values.
 */
abstract class TorchNetwork implements AutoCloseable {
    /** The layers being declared (before {@link #bind}). */
    protected final TorchLayers layers = new TorchLayers();
    private final NetworkSpec spec;
    private ParameterLayout layout;
    private TorchParameters parameters;
    private Set<String> frozenGroups = Set.of();
    private Set<String> frozenLayers = Set.of();

    protected TorchNetwork(NetworkSpec spec) {
        this.spec = spec;
    }

    /** The network for {@code spec}, with every value zero (see {@link TorchInit}); loads libtorch first. */
    static TorchNetwork of(NetworkSpec spec) {
        TorchNatives.load();
        return switch (spec.kind()) {
            case SMALL_CNN -> new TorchSmallCnn(spec);
            case RESNET20 -> TorchResNet.resnet20(spec);
            case RESNET18 -> TorchResNet.resnet18(spec);
        };
    }

    /** Allocates the values of the layers declared. */
    protected final void bind() {
        layout = new ParameterLayout(layers.blocks());
        parameters = new TorchParameters(layout);
    }

    /**
     * The dense layer's output (before softmax) for images {@code x} ({@code [N, C, H, W]}, float).
     *
     * @param mode how batch norms of layers that train behave; frozen layers' always run in inference mode
     */
    abstract Tensor logits(Tensor x, ForwardMode mode);

    NetworkSpec spec() {
        return spec;
    }

    ParameterLayout layout() {
        return layout;
    }

    TorchParameters parameters() {
        return parameters;
    }

    protected final Tensor conv(TorchLayers.Conv c, Tensor x) {
        return c.apply(parameters, x);
    }

    protected final Tensor batchNorm(TorchLayers.BatchNorm b, Tensor x, ForwardMode mode) {
        return b.apply(parameters, x, mode, frozenLayers.contains(b.name()));
    }

    protected final Tensor dense(TorchLayers.Dense d, Tensor x) {
        return d.apply(parameters, x);
    }

    /** conv, batch norm, ReLU. */
    protected final Tensor convBnRelu(TorchLayers.Conv c, TorchLayers.BatchNorm b, Tensor x, ForwardMode mode) {
        return torch.relu(batchNorm(b, conv(c, x), mode));
    }

    /** kxk max pooling with stride s, no padding. */
    protected static Tensor maxPool(Tensor x, int kernel, int stride) {
        return torch.max_pool2d(x, new long[] {kernel, kernel}, new long[] {stride, stride}, new long[] {0, 0},
                new long[] {1, 1}, false);
    }

    /** Global average pooling: {@code [N, C, H, W] -> [N, C]}. */
    protected static Tensor globalAveragePool(Tensor x) {
        return x.mean(new long[] {2, 3});
    }

    /**
     * Freezes {@code groups} (replacing the earlier choice): their trained blocks get no gradient and their batch
     * norms run in inference mode.
     */
    void freeze(Set<String> groups) {
        layout.requireGroups(groups);
        Set<String> layersOfGroups = new HashSet<>();
        List<ParameterBlock> blocks = layout.blocks();
        for (int i = 0; i < blocks.size(); i++) {
            ParameterBlock b = blocks.get(i);
            boolean frozen = groups.contains(LayerGroups.groupOf(b.layer()));
            if (frozen) {
                layersOfGroups.add(b.layer());
            }
            if (b.role().trained()) {
                parameters.setRequiresGradient(i, !frozen);
            }
        }
        frozenGroups = Set.copyOf(groups);
        frozenLayers = Set.copyOf(layersOfGroups);
    }

    Set<String> frozenGroups() {
        return frozenGroups;
    }

    @Override
    public void close() {
        parameters.close();
    }
}
