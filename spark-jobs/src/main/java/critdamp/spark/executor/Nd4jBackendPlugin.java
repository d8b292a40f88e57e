package critdamp.spark.executor;

import critdamp.engine.EngineKind;
import critdamp.fastpath.FastCpuPath;
import critdamp.gpu.BackendChoice;
import critdamp.gpu.CudaSupport;
import critdamp.gpu.GpuAddresses;
import critdamp.torch.TorchDevice;
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
 * Spark plugin ({@code spark.plugins=critdamp.spark.executor.Nd4jBackendPlugin}) that settles the native backends on
 * every executor, for the engine the driver names in {@value #ENGINE_CONF} ({@code dl4j} when unset).
 *
 * <ul>
 *   <li>At executor start ({@link ExecutorPlugin#init}, before any task): the engine becomes
 *       {@link BackendChoice#ENGINE_PROPERTY} (with {@code torch}, ND4J stays on the CPU), then the fast-path settings
 *       and the backend choice ({@link FastCpuPath#enableDefaults()}, {@link BackendChoice}); a visible GPU outside
 *       the engine's range ({@link CudaSupport}) stops the executor with one line naming the GPU, its capability, the
 *       engine and the range. Then ND4J is loaded, and with engine torch libtorch's device is chosen
 *       ({@link TorchDevice}); what they took is logged.</li>
 *   <li>Before each task, on the task's own thread ({@link ExecutorPlugin#onTaskStart}): the GPU address Spark
 *       assigned to the task ({@code TaskContext.resources().get("gpu")}) becomes the device of the thread: ND4J's
 *       ({@code AffinityManager.unsafeSetDevice}) where ND4J is on CUDA, libtorch's
 *       ({@link TorchDevice#bindCurrentThread}) where the engine is torch and libtorch is on CUDA. So tasks on a
 *       multi-GPU host use their own GPU instead of device 0; logged once per device and JVM. The engines' workers
 *       train on that thread.</li>
 * </ul>
 * With no {@code gpu} resource (CPU executors, local mode) there is nothing to bind. No driver component: the driver
 * settles its backend in {@code FastCpuPath.enableDefaults()} before it creates the Spark context.
 */
public final class Nd4jBackendPlugin implements SparkPlugin {
    /** Spark's resource name for GPUs. */
    public static final String GPU = "gpu";
    /** The Spark setting naming the engine executors train with ({@code dl4j} or {@code torch}); the driver sets it. */
    public static final String ENGINE_CONF = "spark.critdamp.engine";

    @Override
    public DriverPlugin driverPlugin() {
        return null;
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new Executor(() -> {
            TaskContext tc = TaskContext.get();
            return tc == null ? Map.of() : tc.resourcesJMap();
        }, device -> Nd4j.getAffinityManager().unsafeSetDevice(device),
                device -> TorchDevice.bindCurrentThread(device));
    }

    /** The executor side; task resources and the device bindings are injectable for tests. */
    static final class Executor implements ExecutorPlugin {
        private static final Logger LOG = LoggerFactory.getLogger(Nd4jBackendPlugin.class);
        private final Supplier<Map<String, ResourceInformation>> taskResources;
        private final IntConsumer bindDevice;
        private final IntConsumer bindTorchDevice;
        private final Set<Integer> logged = ConcurrentHashMap.newKeySet();
        private volatile BackendChoice choice;
        private volatile EngineKind engine = EngineKind.DL4J;
        private volatile boolean torchOnCuda;

        Executor(Supplier<Map<String, ResourceInformation>> taskResources, IntConsumer bindDevice,
                 IntConsumer bindTorchDevice) {
            this.taskResources = taskResources;
            this.bindDevice = bindDevice;
            this.bindTorchDevice = bindTorchDevice;
        }

        @Override
        public void init(PluginContext ctx, Map<String, String> extraConf) {
            engine = EngineKind.parse(ctx.conf().get(ENGINE_CONF, EngineKind.DL4J.configName()));
            if (System.getProperty(BackendChoice.ENGINE_PROPERTY) == null) {
                System.setProperty(BackendChoice.ENGINE_PROPERTY, engine.configName());
            }
            FastCpuPath.enableDefaults(); // settles the backends
            // one line naming the GPU, its capability, the engine and its range, for a GPU the engine cannot run on
            choice = BackendChoice.prepare().require(CudaSupport.forEngine(engine.configName()));
            BackendChoice.Backend loaded = choice.confirm();
            String torch = "";
            if (engine == EngineKind.TORCH) {
                TorchDevice device = TorchDevice.current();
                torchOnCuda = device.isCuda();
                torch = "; libtorch on " + device.describe();
            }
            ResourceInformation gpus = ctx.resources().get(GPU);
            // Not ctx.hostname(): an executor's RpcEnv has no server address on a cluster, and that call then throws
            // (local mode hides it). SubmitScriptsIT runs this on a real standalone cluster.
            LOG.info("executor {} on {}: engine {}, ND4J {} backend{}{}", ctx.executorID(), localHost(),
                    engine.configName(), loaded, torch,
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
            boolean nd4j = choice != null && choice.backend() == BackendChoice.Backend.CUDA;
            if (!nd4j && !torchOnCuda) {
                return;
            }
            taskDevice().ifPresent(device -> {
                if (nd4j) {
                    bindDevice.accept(device);
                }
                if (torchOnCuda) {
                    bindTorchDevice.accept(device);
                }
                if (logged.add(device)) {
                    LOG.info("{} bound to CUDA device {} (Spark GPU address {}) on thread {}",
                            nd4j && torchOnCuda ? "ND4J and libtorch" : nd4j ? "ND4J" : "libtorch", device,
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

        /** For tests of the binding without a GPU: acts as if {@code init} had put libtorch on CUDA. */
        Executor assumeTorchOnCuda() {
            engine = EngineKind.TORCH;
            torchOnCuda = true;
            return this;
        }

        /** The engine read at init. */
        EngineKind engine() {
            return engine;
        }
    }
}
