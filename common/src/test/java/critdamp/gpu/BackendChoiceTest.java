package critdamp.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The backend choice per GPU and engine, from what the CUDA runtime and nvidia-smi report (no GPU needed: the probes
 * are faked).
 */
class BackendChoiceTest {
    private static final GpuDevice A10 = new GpuDevice(0, "NVIDIA A10", new ComputeCapability(8, 6), 24L << 30);
    private static final GpuDevice H200 = new GpuDevice(0, "NVIDIA H200", new ComputeCapability(9, 0), 141L << 30);
    private static final BackendChoice.Libtorch TORCH_CPU =
            new BackendChoice.Libtorch(false, "CPU build (CPU-only jar)", List.of());
    private static final Supplier<CudaLibraries> ALL_LIBRARIES = () -> new CudaLibraries(List.of(), List.of());

    private static Supplier<CudaDevices> gpus(GpuDevice... devices) {
        return () -> new CudaDevices(List.of(devices), null);
    }

    @Test
    void cpuOnlyBuildNeverProbes() {
        BackendChoice c = BackendChoice.decide(false, TORCH_CPU, "dl4j", () -> {
            throw new AssertionError("probed");
        });
        assertThat(c.backend()).isEqualTo(BackendChoice.Backend.CPU);
        assertThat(c.devices()).isEmpty();
        assertThat(c.describe()).isEqualTo("ND4J backend: CPU (nd4j-native; CPU-only build)");
        assertThat(c.require(CudaSupport.ND4J_CUDA_11_6)).as("no GPU seen, none refused").isSameAs(c);
    }

    @Test
    void cudaBuildWithoutGpuTakesTheCpuAndSaysWhy() {
        BackendChoice c = BackendChoice.decide(true, TORCH_CPU, "dl4j",
                () -> CudaDevices.none("no NVIDIA driver (libcuda.so.1 not found)"));
        assertThat(c.backend()).isEqualTo(BackendChoice.Backend.CPU);
        assertThat(c.describe()).isEqualTo("ND4J backend: CPU (nd4j-native; CUDA backend not usable here: "
                + "no NVIDIA driver (libcuda.so.1 not found))");
    }

    @Test
    void supportedGpuTakesCudaAndNamesTheDevice() {
        BackendChoice c = BackendChoice.decide(true, TORCH_CPU, "dl4j", gpus(A10));
        assertThat(c.backend()).isEqualTo(BackendChoice.Backend.CUDA);
        assertThat(c.describe()).isEqualTo("ND4J backend: CUDA on GPU 0 (NVIDIA A10, compute capability 8.6, "
                + "24.0 GiB) (nd4j-cuda-11.6 1.0.0-M2.1)");
    }

    @Test
    void anH200KeepsNd4jOnTheCpuAndIsRefusedForDl4jOnlyWhenAsked() {
        BackendChoice c = BackendChoice.decide(true, TORCH_CPU, "dl4j", gpus(H200));
        assertThat(c.backend()).isEqualTo(BackendChoice.Backend.CPU);
        assertThat(c.describe()).isEqualTo("ND4J backend: CPU (nd4j-native; GPU 0 (NVIDIA H200, compute capability"
                + " 9.0, 141.0 GiB) is outside nd4j-cuda-11.6 1.0.0-M2.1's range, compute capability 3.7 to 8.9)");
        assertThatThrownBy(() -> c.require(CudaSupport.ND4J_CUDA_11_6))
                .isInstanceOf(UnsupportedGpuException.class)
                .hasMessageNotContaining("\n")
                .hasMessageStartingWith("GPU 0 (NVIDIA H200, compute capability 9.0, 141.0 GiB) is not supported by"
                        + " engine dl4j")
                .hasMessageContaining("3.7 to 8.9")
                .hasMessageContaining("use engine=torch");
        assertThat(c.require(CudaSupport.LIBTORCH_CUDA_13_1)).isSameAs(c);
    }

    @Test
    void engineTorchLeavesTheGpuToLibtorch() {
        BackendChoice c = BackendChoice.decide(true, TORCH_CPU, "torch", gpus(A10));
        assertThat(c.backend()).isEqualTo(BackendChoice.Backend.CPU);
        assertThat(c.reason()).isEqualTo("engine torch trains on the GPU, ND4J stays on the CPU");
        assertThat(c.devices()).containsExactly(A10);
    }

    /** Per GPU and engine: the engine's check passes exactly on the capabilities its build runs. */
    @ParameterizedTest(name = "compute capability {0}: dl4j {1}, torch {2}")
    @CsvSource({"3.5, false, false", "6.1, true, false", "7.0, true, false", "7.5, true, true", "8.6, true, true",
        "8.9, true, true", "9.0, false, true", "10.0, false, true", "12.0, false, true", "13.0, false, false"})
    void theChoicePerGpuAndEngine(String cc, boolean dl4j, boolean torch) {
        GpuDevice gpu = new GpuDevice(0, "GPU " + cc, ComputeCapability.parse(cc), 0);
        for (String engine : List.of("dl4j", "torch")) {
            BackendChoice.Libtorch libtorch = BackendChoice.libtorch(true, ALL_LIBRARIES, gpus(gpu));
            BackendChoice c = BackendChoice.decide(true, libtorch, engine, gpus(gpu));
            boolean runs = engine.equals("dl4j") ? dl4j : torch;
            CudaSupport build = CudaSupport.forEngine(engine);
            if (runs) {
                assertThat(c.require(build)).isSameAs(c);
            } else {
                assertThatThrownBy(() -> c.require(build)).as(engine + " on " + cc)
                        .isInstanceOf(UnsupportedGpuException.class).hasMessageNotContaining("\n")
                        .hasMessageContaining("GPU " + cc + ", compute capability " + cc)
                        .hasMessageContaining("not supported by engine " + engine)
                        .hasMessageContaining(build.range());
            }
            assertThat(c.backend()).as("ND4J on CUDA only for engine dl4j on a GPU it runs")
                    .isEqualTo(engine.equals("dl4j") && dl4j ? BackendChoice.Backend.CUDA : BackendChoice.Backend.CPU);
            assertThat(c.torchCuda()).as("libtorch loads its CUDA build wherever a GPU and its libraries are").isTrue();
        }
    }

    @Test
    void libtorchLoadsItsCudaBuildOnlyWithAGpuAndItsLibraries() {
        assertThat(BackendChoice.libtorch(false, () -> {
            throw new AssertionError("looked for libraries");
        }, () -> {
            throw new AssertionError("ran nvidia-smi");
        })).isEqualTo(new BackendChoice.Libtorch(false, "CPU build (CPU-only jar)", List.of()));
        assertThat(BackendChoice.libtorch(true, ALL_LIBRARIES,
                () -> CudaDevices.none("no nvidia-smi (no NVIDIA driver)")).reason())
                .isEqualTo("CPU build (no GPU: no nvidia-smi (no NVIDIA driver))");
        BackendChoice.Libtorch missing = BackendChoice.libtorch(true,
                () -> new CudaLibraries(List.of("libcudnn.so.9"), List.of(Path.of("/usr/lib"))), gpus(H200));
        assertThat(missing.cuda()).isFalse();
        assertThat(missing.devices()).containsExactly(H200);
        assertThat(missing.reason()).startsWith("CPU build, although GPU 0 (NVIDIA H200, compute capability 9.0,")
                .contains("libtorch 2.10.0 CUDA 13.1 needs its CUDA libraries from the node or the image, missing"
                        + " libcudnn.so.9");
        BackendChoice.Libtorch ok = BackendChoice.libtorch(true, ALL_LIBRARIES, gpus(H200));
        assertThat(ok.cuda()).isTrue();
        assertThat(ok.reason()).isEqualTo("CUDA build (libtorch 2.10.0 CUDA 13.1) for GPU 0 (NVIDIA H200, compute"
                + " capability 9.0, 141.0 GiB)");
    }

    @Test
    void withoutNd4jsCudaRuntimeTheGpusComeFromNvidiaSmi() {
        BackendChoice.Libtorch torch = BackendChoice.libtorch(true, ALL_LIBRARIES, gpus(H200));
        BackendChoice c = BackendChoice.decide(true, torch, "dl4j",
                () -> CudaDevices.none("no CUDA 11.x runtime (libcudart.so.11.0 not found)"));
        assertThat(c.backend()).isEqualTo(BackendChoice.Backend.CPU);
        assertThat(c.devices()).containsExactly(H200);
        assertThatThrownBy(() -> c.require(CudaSupport.ND4J_CUDA_11_6)).isInstanceOf(UnsupportedGpuException.class);
        assertThat(c.describeTorch()).startsWith("libtorch: CUDA build (libtorch 2.10.0 CUDA 13.1) for GPU 0");
    }

    @Test
    void thisMachineSettlesOnTheCpu() {
        BackendChoice c = BackendChoice.prepare();
        assertThat(c.backend()).as(c.describe()).isEqualTo(BackendChoice.Backend.CPU);
        assertThat(c.torchCuda()).as(c.describeTorch()).isFalse();
        assertThat(BackendChoice.prepare()).as("decided once per JVM").isSameAs(c);
        assertThat(c.confirm()).isEqualTo(BackendChoice.Backend.CPU);
    }
}
