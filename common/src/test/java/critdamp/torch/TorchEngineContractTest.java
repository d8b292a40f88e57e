package critdamp.torch;

import critdamp.dl4j.Dl4jEngine;
import critdamp.engine.Engine;
import critdamp.engine.EngineContractTest;

class TorchEngineContractTest extends EngineContractTest {
    @Override
    protected Engine engine() {
        return new TorchEngine();
    }

    @Override
    protected Engine otherEngine() {
        return new Dl4jEngine();
    }
}
