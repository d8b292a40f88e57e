package critdamp.spark.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import critdamp.engine.EngineKind;
import critdamp.gpu.BackendChoice;
import critdamp.gpu.ComputeCapability;
import critdamp.gpu.GpuDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;

/**
 * The executor plugin without a GPU: init settles the CPU backend for the engine the driver names and binds nothing;
 * on a CUDA executor (assumed, as no GPU is here) each task's Spark GPU address becomes the device handed to ND4J, and
 * with engine torch to libtorch.
 */
class Nd4jBackendPluginTest {
    private static final Map<String, ResourceInformation> GPU_1 =
            Map.of("gpu", new ResourceInformation("gpu", new String[]{"1"}));
    private static final BackendChoice CUDA = new BackendChoice(BackendChoice.Backend.CUDA, List.of(
            new GpuDevice(0, "NVIDIA A10", new ComputeCapability(8, 6), 24L << 30),
            new GpuDevice(1, "NVIDIA A10", new ComputeCapability(8, 6), 24L << 30)), "test");

    @Test
    void onTheCpuInitSettlesTheCpuBackendAndTasksBindNothing() {
        List<Integer> bound = new ArrayList<>();
        Nd4jBackendPlugin.Executor plugin = new Nd4jBackendPlugin.Executor(() -> GPU_1, bound::add, bound::add);
        plugin.init(context(Map.of()), Map.of());
        assertThat(plugin.choice().backend()).isEqualTo(BackendChoice.Backend.CPU);
        assertThat(plugin.engine()).as("no engine named: the default").isEqualTo(EngineKind.DL4J);
        plugin.onTaskStart();
        assertThat(bound).as("a gpu resource on a CPU backend is not bound").isEmpty();
    }

    @Test
    void engineTorchOnTheCpuChoosesLibtorchsCpuAndBindsNothing() {
        List<Integer> bound = new ArrayList<>();
        Nd4jBackendPlugin.Executor plugin = new Nd4jBackendPlugin.Executor(() -> GPU_1, bound::add, bound::add);
        plugin.init(context(Map.of(), Nd4jBackendPlugin.ENGINE_CONF, "torch"), Map.of());
        assertThat(plugin.engine()).isEqualTo(EngineKind.TORCH);
        plugin.onTaskStart();
        assertThat(bound).isEmpty();
    }

    @Test
    void aMisspeltEngineIsNamed() {
        Nd4jBackendPlugin.Executor plugin = new Nd4jBackendPlugin.Executor(Map::of, d -> { }, d -> { });
        assertThatThrownBy(() -> plugin.init(context(Map.of(), Nd4jBackendPlugin.ENGINE_CONF, "tourch"), Map.of()))
                .hasMessageContaining("'tourch'").hasMessageContaining("torch");
    }

    @Test
    void theRealPluginIsHarmlessOutsideATask() {
        Nd4jBackendPlugin p = new Nd4jBackendPlugin();
        assertThat(p.driverPlugin()).isNull();
        ExecutorPlugin ex = p.executorPlugin();
        ex.init(context(Map.of()), Map.of());
        ex.onTaskStart(); // no TaskContext, no gpu resource: nothing to do
        ex.shutdown();
    }

    @Test
    void onCudaEachTaskIsBoundToItsSparkGpu() {
        List<Integer> bound = new ArrayList<>();
        Nd4jBackendPlugin.Executor plugin = new Nd4jBackendPlugin.Executor(() -> GPU_1, bound::add, d -> {
            throw new AssertionError("libtorch bound on engine dl4j");
        }).assumeChoice(CUDA);
        plugin.onTaskStart();
        plugin.onTaskStart();
        assertThat(bound).containsExactly(1, 1);
    }

    @Test
    void engineTorchOnCudaBindsEachTaskToItsSparkGpuInLibtorch() {
        List<Integer> torch = new ArrayList<>();
        Nd4jBackendPlugin.Executor plugin = new Nd4jBackendPlugin.Executor(() -> GPU_1, d -> {
            throw new AssertionError("ND4J bound, but it is on the CPU");
        }, torch::add).assumeChoice(new BackendChoice(BackendChoice.Backend.CPU, CUDA.devices(), "engine torch"))
                .assumeTorchOnCuda();
        plugin.onTaskStart();
        assertThat(torch).containsExactly(1);
    }

    @Test
    void onCudaATaskWithoutGpuResourceKeepsNd4jsDefault() {
        List<Integer> bound = new ArrayList<>();
        new Nd4jBackendPlugin.Executor(Map::of, bound::add, bound::add).assumeChoice(CUDA).assumeTorchOnCuda()
                .onTaskStart();
        assertThat(bound).isEmpty();
    }

    private static PluginContext context(Map<String, ResourceInformation> resources, String... conf) {
        SparkConf sparkConf = new SparkConf(false);
        for (int i = 0; i < conf.length; i += 2) {
            sparkConf.set(conf[i], conf[i + 1]);
        }
        return new PluginContext() {
            @Override
            public MetricRegistry metricRegistry() {
                return new MetricRegistry();
            }

            @Override
            public SparkConf conf() {
                return sparkConf;
            }

            @Override
            public String executorID() {
                return "7";
            }

            @Override
            public String hostname() {
                return "localhost";
            }

            @Override
            public Map<String, ResourceInformation> resources() {
                return resources;
            }

            @Override
            public void send(Object message) {
            }

            @Override
            public Object ask(Object message) {
                return null;
            }
        };
    }
}
