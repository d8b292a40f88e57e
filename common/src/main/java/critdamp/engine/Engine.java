package critdamp.engine;

import critdamp.optim.OptimizerSpec;
import java.io.IOException;
import java.io.InputStream;

/**
 * A library that trains critdamp's networks: it builds a {@link TrainableModel} and loads its own checkpoints. The
 * driver holds one per run ({@link EngineKind}) and does not otherwise care which it is.
 */
public interface Engine {
    EngineKind kind();

    /** The native library it runs on, for the run folder and executors.json, e.g. {@code libtorch 2.10.0 (CPU)}. */
    String nativeLibrary();

    /**
     * A new network with weights drawn from {@code seed}: convolutions He-normal ({@code N(0, 2 / fan_in)}), the
     * dense layer Xavier-normal ({@code N(0, 2 / (fan_in + fan_out))}) with a zero bias, batch norms at gamma 1,
     * beta 0, mean 0, variance 1 (DL4J's initialisation; the same distributions, not the same draws, in both engines).
     *
     * @throws IllegalArgumentException for an optimizer the engine does not implement (one line naming it)
     */
    TrainableModel build(NetworkSpec network, OptimizerSpec optimizer, long seed);

    /**
     * Loads a checkpoint written by {@link TrainableModel#save}.
     *
     * @param source names the checkpoint in messages (its path)
     * @throws EngineMismatchException when the other engine wrote it
     */
    TrainableModel load(InputStream in, String source) throws IOException;
}
