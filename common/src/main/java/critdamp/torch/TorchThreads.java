package critdamp.torch;

import critdamp.base.ConfigException;
import java.util.Map;
import org.bytedeco.pytorch.global.torch;

/**
 * libtorch's intra-op thread count for one Spark task. libtorch parallelises with OpenMP, whose thread count is
 * per calling thread ({@code omp_set_num_threads} sets the caller's own setting): a value set on one task thread does
 * not reach a thread that already ran libtorch, and Spark runs tasks on pooled threads. So every task sets it on its
 * own thread ({@link #applyToCurrentThread}) before it trains.
 *
 * @param intraOp threads per task, >= 1
 */
public record TorchThreads(int intraOp) {
    /** The launcher's per-worker thread count (cores / workers in the driver JVM, executor cores on a cluster). */
    public static final String ENV = "OMP_NUM_THREADS";

    public TorchThreads {
        if (intraOp < 1) {
            throw new ConfigException("torch intra-op threads = " + intraOp + ": must be >= 1");
        }
    }

    /** {@value #ENV} as the launcher sets it for this JVM, else this machine's processors. */
    public static TorchThreads fromEnvironment() {
        return fromEnvironment(System.getenv(), Runtime.getRuntime().availableProcessors());
    }

    /** @throws ConfigException for a {@value #ENV} that is not an integer >= 1, naming it and its value */
    static TorchThreads fromEnvironment(Map<String, String> env, int processors) {
        String value = env.get(ENV);
        if (value == null || value.isBlank()) {
            return new TorchThreads(Math.max(1, processors));
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return new TorchThreads(n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(ENV + " = " + value + ": must be an integer >= 1");
    }

    /** Sets libtorch's intra-op threads on the calling thread (loads libtorch first, {@link TorchNatives}). */
    public void applyToCurrentThread() {
        TorchNatives.load();
        torch.set_num_threads(intraOp);
    }

    /** libtorch's intra-op threads as the calling thread sees them. */
    public static int ofCurrentThread() {
        TorchNatives.load();
        return torch.get_num_threads();
    }
}
