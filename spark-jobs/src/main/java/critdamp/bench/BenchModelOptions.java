package critdamp.bench;

import critdamp.model.InputShape;
import critdamp.model.ModelKind;
import critdamp.model.Models;
import critdamp.optim.HeavyBallSgd;
import org.deeplearning4j.nn.graph.ComputationGraph;
import picocli.CommandLine.Option;

/**
 * What every training benchmark measures on: the network, the minibatch size and the CIFAR-10 folder, and the one way
 * the network is built (heavy-ball SGD at a fixed alpha = 0.01, mu = 0.8, seed 1), so benchmarks compare like with
 * like.
 */
final class BenchModelOptions {
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

    /** The network under test, freshly initialised. */
    ComputationGraph network() {
        return Models.build(kind(), InputShape.CIFAR10, 10, new HeavyBallSgd(0.01, 0.8), 1);
    }

    /** {@code images} CIFAR-10 images (synthetic when the folder is absent) as minibatches of {@link #batch}. */
    BenchData load(int images) throws java.io.IOException {
        return BenchData.load(data, images, batch);
    }
}
