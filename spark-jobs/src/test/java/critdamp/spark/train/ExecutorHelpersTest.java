package critdamp.spark.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The executors.json record: JSON round trip with the backend and GPU fields, older records, and its one line. */
class ExecutorHelpersTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void roundTripsBackendAndGpuThroughJson() throws Exception {
        ExecutorHelpers gpu = new ExecutorHelpers("3", "node-7", 4242, "/x/linux-x86_64-cudnn/libjnind4jcuda.so", 12,
                List.of("conv1"), "CUDA", List.of("1"), 1, "dl4j");
        ExecutorHelpers cpu = new ExecutorHelpers("driver", "h", 1, "/x/libjnind4jcpu.so", 12, List.of(), "CPU",
                List.of(), null, "dl4j");
        String text = json.writeValueAsString(List.of(gpu, cpu));
        assertThat(text).contains("\"backend\":\"CUDA\"", "\"gpuAddresses\":[\"1\"]", "\"cudaDevice\":1",
                "\"cudaDevice\":null");
        assertThat(List.of(json.readValue(text, ExecutorHelpers[].class))).containsExactly(gpu, cpu);
    }

    @Test
    void readsRecordsWrittenBeforeTheBackendFields() throws Exception {
        ExecutorHelpers old = json.readValue("{\"executorId\":\"0\",\"host\":\"h\",\"pid\":9,\"nativeLibrary\":\"n\","
                + "\"layers\":6,\"slowLayers\":[]}", ExecutorHelpers.class);
        assertThat(old.backend()).isNull();
        assertThat(old.gpuAddresses()).isEmpty();
        assertThat(old.cudaDevice()).isNull();
        assertThat(old.describe()).endsWith("all 6 conv/batch-norm/pooling layers on oneDNN helpers");
    }

    @Test
    void describesCudaExecutorsByDeviceAndTheirMissingHelpers() {
        ExecutorHelpers gpu = new ExecutorHelpers("3", "node-7", 4242, "lib", 2, List.of("conv1", "bn1"), "CUDA",
                List.of("1"), 1, "dl4j");
        assertThat(gpu.describe()).startsWith("!!! NO cuDNN HELPERS on executor 3 (node-7, pid 4242) on CUDA device 1 "
                + "(Spark GPU [1]): 2 of 2 layers").contains("deeplearning4j-cuda ends at 1.0.0-M1.1");
        ExecutorHelpers cpuSlow = new ExecutorHelpers("0", "h", 9, "lib", 2, List.of("conv1"), "CPU", List.of(), null, "dl4j");
        assertThat(cpuSlow.describe()).startsWith("!!! SLOW PATH on executor 0");
    }

    @Test
    void namesTheTorchEngineAndItsLibraryInJsonAndTheLogLine() throws Exception {
        ExecutorHelpers torch = ExecutorHelpers.ofEngine("1", "node-2", 77, critdamp.engine.EngineKind.TORCH,
                "libtorch 2.10.0 (CPU)", "CPU", List.of(), null);
        String text = json.writeValueAsString(torch);
        assertThat(text).contains("\"engine\":\"torch\"", "\"nativeLibrary\":\"libtorch 2.10.0 (CPU)\"");
        assertThat(json.readValue(text, ExecutorHelpers.class)).isEqualTo(torch);
        assertThat(torch.describe()).isEqualTo("executor 1 (node-2, pid 77): engine torch on libtorch 2.10.0 (CPU), CPU");
    }
}
