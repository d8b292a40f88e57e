package critdamp.model;

import critdamp.optim.WeightDecay;
import java.util.Objects;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Builds the critdamp networks ({@link ModelKind}) as initialised DL4J {@link ComputationGraph}s, so one Spark path
 * ({@code SparkComputationGraph}) trains them all. Every network: NCHW float input, {@code WorkspaceMode.ENABLED} for
 * training and inference, He initialisation of hidden layers, softmax output with cross-entropy (MCXENT, i.e. negative
 * log-likelihood of the true class), stable layer names (see {@link SmallCnn}, {@link ResNets}, {@link LayerGroups}).
 *
 * <p>For DL4J's fast CPU path (oneDNN helpers) see {@link critdamp.fastpath.FastCpuPath}: helpers are attached when a
 * graph is initialised, so the system properties must be set before {@code build}/{@code init}.
 */
public final class Models {
    private Models() {
    }

    /** {@link #build(ModelKind, InputShape, int, IUpdater, long, WeightDecay)} without weight decay. */
    public static ComputationGraph build(ModelKind kind, InputShape in, int numClasses, IUpdater updater, long seed) {
        return build(kind, in, numClasses, updater, seed, WeightDecay.NONE);
    }

    /**
     * Builds and initialises the network (weights drawn from {@code seed}).
     *
     * @param numClasses output classes, 2..100000
     * @param updater    DL4J updater, built at rest: the trainer pins each round's alpha and mu into it
     */
    public static ComputationGraph build(ModelKind kind, InputShape in, int numClasses, IUpdater updater, long seed,
                                         WeightDecay decay) {
        return build(kind, in, numClasses, updater, seed, decay, ActivationFormat.NCHW);
    }

    /** {@link #build(ModelKind, InputShape, int, IUpdater, long, WeightDecay)} with activations in {@code format}. */
    public static ComputationGraph build(ModelKind kind, InputShape in, int numClasses, IUpdater updater, long seed,
                                         WeightDecay decay, ActivationFormat format) {
        ComputationGraph graph = new ComputationGraph(configuration(kind, in, numClasses, updater, seed, decay,
                format));
        graph.init();
        return graph;
    }

    /**
     * The configuration alone, e.g. to build a second graph with the same parameters ({@code init(params, true)}), or
     * to read the network's sizes: building it does not load ND4J's native backend.
     */
    public static ComputationGraphConfiguration configuration(ModelKind kind, InputShape in, int numClasses,
                                                              IUpdater updater, long seed, WeightDecay decay) {
        return configuration(kind, in, numClasses, updater, seed, decay, ActivationFormat.NCHW);
    }

    /** The configuration with activations in {@code format} (the input is NCHW either way). */
    public static ComputationGraphConfiguration configuration(ModelKind kind, InputShape in, int numClasses,
                                                              IUpdater updater, long seed, WeightDecay decay,
                                                              ActivationFormat format) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(updater, "updater");
        Objects.requireNonNull(decay, "decay");
        if (numClasses < 2 || numClasses > 100_000) {
            throw new IllegalArgumentException("numClasses = " + numClasses + ": must be in [2, 100000]");
        }
        return switch (kind) {
            case SMALL_CNN -> SmallCnn.configuration(in, numClasses, updater, seed, decay, format);
            case RESNET20 -> ResNets.resnet20(in, numClasses, updater, seed, decay, format);
            case RESNET18 -> ResNets.resnet18(in, numClasses, updater, seed, decay, format);
        };
    }

    /**
     * Parameters trained by gradient descent: DL4J's {@code numParams()} minus the batch-norm running mean and
     * variance, which DL4J stores in the parameter vector but which are statistics, not weights (PyTorch keeps them as
     * buffers). This is the count papers quote (ResNet-18 CIFAR: 11,173,962).
     */
    public static long trainableParameterCount(ComputationGraph graph) {
        long n = 0;
        for (Layer layer : graph.getLayers()) {
            boolean bn = layer.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization;
            for (var e : layer.paramTable().entrySet()) {
                if (!(bn && isRunningStatistic(e.getKey()))) {
                    n += e.getValue().length();
                }
            }
        }
        return n;
    }

    private static boolean isRunningStatistic(String paramKey) {
        return paramKey.equals(BatchNormalizationParamInitializer.GLOBAL_MEAN)
                || paramKey.equals(BatchNormalizationParamInitializer.GLOBAL_VAR)
                || paramKey.equals(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
    }
}
