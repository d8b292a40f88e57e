package critdamp.spark.executor;

import critdamp.fastpath.FastCpuPath;
import critdamp.gpu.BackendChoice;
import critdamp.gpu.GpuAddresses;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.apache.spark.TaskContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.apache.spark.resource.ResourceInformation;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spark plugin ({@code spark.plugins=critdamp.spark.executor.Nd4jBackendPlugin}) that settles ND4J on every executor.
 *
 * <ul>
 *   <li>At executor start ({@link ExecutorPlugin#init}, before any task): the fast-path settings and the backend
 *       choice ({@link FastCpuPath#enableDefaults()}, {@link BackendChoice}): CUDA where a supported GPU is visible,
 *       else the CPU; a GPU outside the supported range stops the executor with one line naming it. Then ND4J is
 *       loaded and the backend it took is logged.</li>
 *   <li>On CUDA, before each task, on the task's own thread ({@link ExecutorPlugin#onTaskStart}): the GPU address
 *       Spark assigned to the task ({@code TaskContext.resources().get("gpu")}) becomes the device of ND4J's current
 *       thread ({@code AffinityManager.unsafeSetDevice}), so tasks on a multi-GPU host use their own GPU instead of
 *       device 0; logged once per device and JVM. DL4J's parameter-averaging worker trains on that thread.</li>
 * </ul>
 * With no {@code gpu} resource (CPU executors, local mode) there is nothing to bind. No driver component: the driver
 * settles its backend in {@code FastCpuPath.enableDefaults()} before it creates the Spark context.
 */
public final class Nd4jBackendPlugin implements SparkPlugin {
    /** Spark's resource name for GPUs. */
    public static final String GPU = "gpu";

    @Override
    public DriverPlugin driverPlugin() {
        return null;
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new Executor(() -> {
            TaskContext tc = TaskContext.get();
            return tc == null ? Map.of() : tc.resourcesJMap();
        }, device -> Nd4j.getAffinityManager().unsafeSetDevice(device));
    }

    /** The executor side; task resources and the device binding are injectable for tests. */
    static final class Executor implements ExecutorPlugin {
        private static final Logger LOG = LoggerFactory.getLogger(Nd4jBackendPlugin.class);
        private final Supplier<Map<String, ResourceInformation>> taskResources;
        private final IntConsumer bindDevice;
        private final Set<Integer> logged = ConcurrentHashMap.newKeySet();
        private volatile BackendChoice choice;

        Executor(Supplier<Map<String, ResourceInformation>> taskResources, IntConsumer bindDevice) {
            this.taskResources = taskResources;
            this.bindDevice = bindDevice;
        }

        @Override
        public void init(PluginContext ctx, Map<String, String> extraConf) {
            FastCpuPath.enableDefaults(); // settles the backend; throws UnsupportedGpuException for an unusable GPU
            choice = BackendChoice.prepare();
            BackendChoice.Backend loaded = choice.confirm();
            ResourceInformation gpus = ctx.resources().get(GPU);
            // Not ctx.hostname(): an executor's RpcEnv has no server address on a cluster, and that call then throws
            // (local mode hides it). SubmitScriptsIT runs this on a real standalone cluster.
            LOG.info("executor {} on {}: ND4J {} backend{}", ctx.executorID(), localHost(), loaded,
                    gpus == null ? "" : "; Spark GPU addresses " + Arrays.toString(gpus.addresses()));
        }

        private static String localHost() {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                return "unknown host";
            }
        }

        @Override
        public void onTaskStart() {
            if (choice == null || choice.backend() != BackendChoice.Backend.CUDA) {
                return;
            }
            taskDevice().ifPresent(device -> {
                bindDevice.accept(device);
                if (logged.add(device)) {
                    LOG.info("ND4J bound to CUDA device {} (Spark GPU address {}) on thread {}", device,
                            taskAddress().orElse("?"), Thread.currentThread().getName());
                }
            });
        }

        /** The CUDA device of the GPU Spark assigned to the running task, if any. */
        Optional<Integer> taskDevice() {
            return taskAddress().map(a -> GpuAddresses.cudaOrdinal(a, System.getenv("CUDA_VISIBLE_DEVICES")));
        }

        private Optional<String> taskAddress() {
            ResourceInformation gpu = taskResources.get().get(GPU);
            return gpu == null || gpu.addresses().length == 0 ? Optional.empty() : Optional.of(gpu.addresses()[0]);
        }

        /** The choice made at init (null before). */
        BackendChoice choice() {
            return choice;
        }

        /** For tests of the binding without a GPU: acts as if {@code init} had chosen {@code c}. */
        Executor assumeChoice(BackendChoice c) {
            choice = c;
            return this;
        }
    }
}
