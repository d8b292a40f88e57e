package critdamp.bench;

import critdamp.data.ChannelNormalization;
import critdamp.data.Cifar10Batches;
import critdamp.engine.Engine;
import critdamp.engine.EngineKind;
import critdamp.engine.NetworkSpec;
import critdamp.fastpath.FastCpuPath;
import critdamp.model.FlopCount;
import critdamp.model.InputShape;
import critdamp.model.ModelKind;
import critdamp.model.Models;
import critdamp.optim.HeavyBallSgd;
import critdamp.optim.OptimizerKind;
import critdamp.optim.OptimizerSpec;
import critdamp.optim.WeightDecay;
import critdamp.torch.TorchEngine;
import critdamp.torch.TorchThreads;
import java.io.IOException;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import picocli.CommandLine.Option;

/**
 * What every training benchmark measures on: the network, the minibatch size and the CIFAR-10 folder, and the one way
 * the network is built (heavy-ball SGD at a fixed alpha = 0.01, mu = 0.8, no weight decay, seed 1), in either engine,
 * so benchmarks compare like with like.
 */
final class BenchModelOptions {
    /** The benchmarks' fixed learning rate and momentum. */
    static final double ALPHA = 0.01;
    static final double MU = 0.8;
    /** The seed of the network's initial values. */
    static final long SEED = 1;

    @Option(names = "--model", description = "small_cnn, resnet20 or resnet18. Default: ${DEFAULT-VALUE}",
            defaultValue = "small_cnn")
    String model;

    @Option(names = "--batch", description = "minibatch size (per worker). Default: ${DEFAULT-VALUE}",
            defaultValue = "64")
    int batch;

    @Option(names = "--data", description = "CIFAR-10 binary folder (synthetic data if absent). Default: ${DEFAULT-VALUE}",
            defaultValue = "${sys:user.home}/.cache/critdamp/cifar-10-batches-bin")
    String data;

    ModelKind kind() {
        return ModelKind.parse(model);
    }

    /** The DL4J network under test, freshly initialised. */
    ComputationGraph network() {
        return Models.build(kind(), InputShape.CIFAR10, 10, new HeavyBallSgd(ALPHA, MU), SEED);
    }

    /** {@code images} CIFAR-10 images (synthetic when the folder is absent) as DL4J minibatches of {@link #batch}. */
    BenchData load(int images) throws IOException {
        return BenchData.load(data, images, batch);
    }

    /** The network's FLOPs, from its configuration alone (the same architecture in both engines; no native library). */
    FlopCount flops() {
        return FlopCount.of(Models.configuration(kind(), InputShape.CIFAR10, 10, new Sgd(), SEED, WeightDecay.NONE),
                InputShape.CIFAR10);
    }

    /**
     * The network under test in {@code engine}, freshly initialised, with {@code images} images as its full minibatches.
     * DL4J: {@link #network()} with the fast CPU path's defaults ({@link FastCpuPath#enableDefaults}); torch: the
     * engine contract's model, on {@code OMP_NUM_THREADS} intra-op threads set on this thread ({@link TorchThreads}),
     * without loading ND4J.
     */
    BenchTrainer trainer(EngineKind engine, int images) throws IOException {
        BenchRecords records = BenchRecords.load(data, images);
        return switch (engine) {
            case DL4J -> {
                FastCpuPath.enableDefaults();
                List<DataSet> all = Cifar10Batches.toDataSets(records.records(), batch, ChannelNormalization.CIFAR10,
                        null, 0);
                yield new Dl4jTrainer(network(), all.stream().filter(b -> b.numExamples() == batch).toList(),
                        records.source());
            }
            case TORCH -> {
                TorchThreads.fromEnvironment().applyToCurrentThread();
                Engine torch = new TorchEngine();
                yield new TorchTrainer(torch, torch.build(new NetworkSpec(kind(), InputShape.CIFAR10, 10),
                        new OptimizerSpec(OptimizerKind.HEAVY_BALL, 0.0), SEED), records.engineBatches(batch), ALPHA,
                        MU, records.source());
            }
        };
    }
}
