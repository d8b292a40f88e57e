package critdamp.spark.train;

import critdamp.fastpath.HelperReport;
import java.io.Serializable;
import java.util.List;

/**
 * What one executor JVM's training network holds: for every convolution, batch-norm and pooling layer, whether it
 * runs its oneDNN helper. Made on the executor from the very network DL4J's worker trains there (the driver's own
 * network proves nothing about the executors: each JVM attaches helpers from its own system properties and native
 * build), and sent back with the task's result.
 *
 * @param executorId    Spark's executor id ("driver" in local mode)
 * @param host          the executor's host name
 * @param pid           the executor JVM's process id
 * @param nativeLibrary the ND4J native library that JVM loaded (names the build, e.g. {@code ...-onednn-avx2})
 * @param layers        helper-capable layers in the network
 * @param slowLayers    names of those on DL4J's built-in (slow) path; empty when all run their helper
 */
public record ExecutorHelpers(String executorId, String host, long pid, String nativeLibrary, int layers,
                              List<String> slowLayers) implements Serializable {
    private static final long serialVersionUID = 1L;

    public ExecutorHelpers {
        slowLayers = List.copyOf(slowLayers);
    }

    /** The summary of {@code report} for the executor it was made on. */
    public static ExecutorHelpers of(String executorId, String host, long pid, HelperReport report) {
        return new ExecutorHelpers(executorId, host, pid, report.nativeLibrary(), report.layers().size(),
                report.slowLayers().stream().map(HelperReport.Entry::layer).toList());
    }

    /** True when every helper-capable layer runs its oneDNN helper. */
    public boolean allFast() {
        return slowLayers.isEmpty();
    }

    /** One line for the console and the log. */
    public String describe() {
        String who = "executor " + executorId + " (" + host + ", pid " + pid + ")";
        if (allFast()) {
            return who + ": all " + layers + " conv/batch-norm/pooling layers on oneDNN helpers";
        }
        return "!!! SLOW PATH on " + who + ": " + slowLayers.size() + " of " + layers
                + " layers on DL4J's built-in Java path: " + slowLayers + " (native library " + nativeLibrary
                + "); check spark.executor.extraJavaOptions (see FastCpuPath)";
    }
}
