package critdamp.dl4j;

import critdamp.engine.CheckpointFormat;
import critdamp.engine.Engine;
import critdamp.engine.EngineKind;
import critdamp.engine.NetworkSpec;
import critdamp.engine.TrainableModel;
import critdamp.optim.OptimizerSpec;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

/** The {@link Engine} contract over DL4J with ND4J: critdamp's default engine. */
public final class Dl4jEngine implements Engine {
    @Override
    public EngineKind kind() {
        return EngineKind.DL4J;
    }

    @Override
    public String nativeLibrary() {
        return "ND4J " + Nd4j.getBackend().getClass().getSimpleName();
    }

    @Override
    public TrainableModel build(NetworkSpec network, OptimizerSpec optimizer, long seed) {
        ComputationGraph graph = new ComputationGraph(Dl4jModel.configuration(network, optimizer, seed));
        graph.init();
        return new Dl4jModel(network, optimizer, graph, Set.of());
    }

    /**
     * The DL4J graph behind a model this engine built or loaded, for the DL4J-only paths and tests.
     *
     * @throws IllegalArgumentException for another engine's model
     */
    public static ComputationGraph graph(TrainableModel model) {
        if (model instanceof Dl4jModel m) {
            return m.graph();
        }
        throw new IllegalArgumentException("a " + model.engine().configName() + " model has no DL4J graph");
    }

    @Override
    public TrainableModel load(InputStream in, String source) throws IOException {
        return Dl4jModel.load(CheckpointFormat.openPayload(in, EngineKind.DL4J, source), source);
    }
}
