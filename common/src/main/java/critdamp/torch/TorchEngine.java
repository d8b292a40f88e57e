package critdamp.torch;

import critdamp.engine.CheckpointFormat;
import critdamp.engine.Engine;
import critdamp.engine.EngineKind;
import critdamp.engine.NetworkSpec;
import critdamp.engine.TrainableModel;
import critdamp.optim.OptimizerSpec;
import java.io.IOException;
import java.io.InputStream;

/** The {@link Engine} contract on libtorch (JavaCPP presets, {@code org.bytedeco:pytorch}). */
public final class TorchEngine implements Engine {
    @Override
    public EngineKind kind() {
        return EngineKind.TORCH;
    }

    @Override
    public String nativeLibrary() {
        return TorchNatives.describe();
    }

    @Override
    public TrainableModel build(NetworkSpec network, OptimizerSpec optimizer, long seed) {
        TorchModel model = create(network, optimizer);
        model.setParameters(TorchInit.values(model.layout(), seed));
        return model;
    }

    /** A model with every value zero. */
    TorchModel create(NetworkSpec network, OptimizerSpec optimizer) {
        TorchNetwork net = TorchNetwork.of(network);
        try {
            return new TorchModel(net, optimizer, TorchSteps.create(optimizer, net.parameters()));
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    @Override
    public TrainableModel load(InputStream in, String source) throws IOException {
        return TorchModel.load(CheckpointFormat.openPayload(in, EngineKind.TORCH, source), source, this);
    }
}
