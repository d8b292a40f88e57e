package critdamp.spark.train;

import critdamp.engine.EngineKind;
import critdamp.fastpath.HelperReport;
import java.io.Serializable;
import java.util.List;

/**
 * What one executor JVM's training network holds: for every convolution, batch-norm and pooling layer, whether it
 * runs its oneDNN helper, and which ND4J backend and GPU the training ran on. Made on the executor from the very
 * network DL4J's worker trains there (the driver's own network proves nothing about the executors: each JVM attaches
 * helpers from its own system properties and native build), and sent back with the task's result.
 *
 * @param executorId    Spark's executor id ("driver" in local mode)
 * @param host          the executor's host name
 * @param pid           the executor JVM's process id
 * @param nativeLibrary the ND4J native library that JVM loaded (names the build, e.g. {@code ...-onednn-avx2})
 * @param layers        helper-capable layers in the network
 * @param slowLayers    names of those on DL4J's built-in (slow) path; empty when all run their helper
 * @param backend       ND4J's backend in that JVM, "CPU" or "CUDA" (null in reports from before this field)
 * @param gpuAddresses  the GPU addresses Spark assigned to the reporting task (empty without GPU scheduling)
 * @param cudaDevice    the CUDA device ND4J's training thread used; null on the CPU backend
 * @param engine        the engine that trained there ({@code dl4j}, {@code torch}; null in reports from before it)
 */
public record ExecutorHelpers(String executorId, String host, long pid, String nativeLibrary, int layers,
                              List<String> slowLayers, String backend, List<String> gpuAddresses,
                              Integer cudaDevice, String engine) implements Serializable {
    private static final long serialVersionUID = 3L;
    /** {@link #backend} of the CUDA backend. */
    public static final String CUDA = "CUDA";

    public ExecutorHelpers {
        slowLayers = List.copyOf(slowLayers);
        gpuAddresses = gpuAddresses == null ? List.of() : List.copyOf(gpuAddresses);
    }

    /** The summary of {@code report} for the executor it was made on, training on {@code backend}. */
    public static ExecutorHelpers of(String executorId, String host, long pid, HelperReport report, String backend,
                                     List<String> gpuAddresses, Integer cudaDevice) {
        return new ExecutorHelpers(executorId, host, pid, report.nativeLibrary(), report.layers().size(),
                report.slowLayers().stream().map(HelperReport.Entry::layer).toList(), backend, gpuAddresses,
                cudaDevice, EngineKind.DL4J.configName());
    }

    /**
     * An executor that trained with an engine-contract model ({@code engine}, e.g. torch): its native library and
     * backend; libtorch has no slow path to report, so every layer counts as on it.
     */
    public static ExecutorHelpers ofEngine(String executorId, String host, long pid, EngineKind engine,
                                           String nativeLibrary, String backend, List<String> gpuAddresses,
                                           Integer cudaDevice) {
        return new ExecutorHelpers(executorId, host, pid, nativeLibrary, 0, List.of(), backend, gpuAddresses,
                cudaDevice, engine.configName());
    }

    /** True when every helper-capable layer runs its helper. */
    public boolean allFast() {
        return slowLayers.isEmpty();
    }

    /** One line for the console and the log. */
    public String describe() {
        String who = "executor " + executorId + " (" + host + ", pid " + pid + ")";
        if (engine != null && !EngineKind.DL4J.configName().equals(engine)) {
            return who + ": engine " + engine + " on " + nativeLibrary + (CUDA.equals(backend) ? ", CUDA device "
                    + cudaDevice + (gpuAddresses.isEmpty() ? "" : " (Spark GPU " + gpuAddresses + ")") : ", CPU");
        }
        if (CUDA.equals(backend)) {
            String on = "CUDA device " + cudaDevice + (gpuAddresses.isEmpty() ? "" : " (Spark GPU " + gpuAddresses + ")");
            if (allFast()) {
                return who + " on " + on + ": all " + layers + " conv/batch-norm/pooling layers on cuDNN helpers";
            }
            return "!!! NO cuDNN HELPERS on " + who + " on " + on + ": " + slowLayers.size() + " of " + layers
                    + " layers on DL4J's built-in path (on the GPU): " + slowLayers + "; "
                    + HelperReport.CUDA_HELPERS_NOTE;
        }
        if (allFast()) {
            return who + ": all " + layers + " conv/batch-norm/pooling layers on oneDNN helpers";
        }
        return "!!! SLOW PATH on " + who + ": " + slowLayers.size() + " of " + layers
                + " layers on DL4J's built-in Java path: " + slowLayers + " (native library " + nativeLibrary
                + "); check spark.executor.extraJavaOptions (see FastCpuPath)";
    }
}
