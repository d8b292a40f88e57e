package critdamp.spark.executor;

import critdamp.dl4j.Dl4jEngine;
import critdamp.engine.Engine;
import critdamp.engine.EngineKind;
import critdamp.torch.TorchEngine;
import critdamp.torch.TorchThreads;

/** The {@link Engine} of each {@link EngineKind}: the one place that maps a config's {@code engine} onto code. */
public final class Engines {
    private Engines() {
    }

    public static Engine of(EngineKind kind) {
        return switch (kind) {
            case DL4J -> new Dl4jEngine();
            case TORCH -> new TorchEngine();
        };
    }

    /**
     * Prepares the calling (Spark task) thread for {@code kind}: libtorch's intra-op threads are a per-thread OpenMP
     * setting, so each task sets the launcher's per-worker count ({@link TorchThreads}) before it trains. ND4J needs
     * nothing here (its thread count is process-wide, from the launcher's environment).
     */
    public static void prepareTaskThread(EngineKind kind) {
        if (kind == EngineKind.TORCH) {
            TorchThreads.fromEnvironment().applyToCurrentThread();
        }
    }
}
