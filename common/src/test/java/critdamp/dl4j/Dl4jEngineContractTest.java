package critdamp.dl4j;

import critdamp.engine.Engine;
import critdamp.engine.EngineContractTest;
import critdamp.torch.TorchEngine;

class Dl4jEngineContractTest extends EngineContractTest {
    @Override
    protected Engine engine() {
        return new Dl4jEngine();
    }

    @Override
    protected Engine otherEngine() {
        return new TorchEngine();
    }
}
