package critdamp.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The backend decision from what the CUDA runtime reports (no GPU needed: the probe is faked). */
class BackendChoiceTest {
    private static final GpuDevice A10 = new GpuDevice(0, "NVIDIA A10", new ComputeCapability(8, 6), 24L << 30);
    private static final GpuDevice H200 = new GpuDevice(0, "NVIDIA H200", new ComputeCapability(9, 0), 141L << 30);

    @Test
    void cpuOnlyBuildNeverProbes() {
        BackendChoice c = BackendChoice.decide(false, () -> {
            throw new AssertionError("probed");
        });
        assertThat(c.backend()).isEqualTo(BackendChoice.Backend.CPU);
        assertThat(c.describe()).isEqualTo("ND4J backend: CPU (nd4j-native; CPU-only build)");
    }

    @Test
    void cudaBuildWithoutGpuTakesTheCpuAndSaysWhy() {
        BackendChoice c = BackendChoice.decide(true, () -> CudaDevices.none("no NVIDIA driver (libcuda.so.1 not found)"));
        assertThat(c.backend()).isEqualTo(BackendChoice.Backend.CPU);
        assertThat(c.describe()).isEqualTo("ND4J backend: CPU (nd4j-native; CUDA backend not usable here: "
                + "no NVIDIA driver (libcuda.so.1 not found))");
    }

    @Test
    void supportedGpuTakesCudaAndNamesTheDevice() {
        BackendChoice c = BackendChoice.decide(true, () -> new CudaDevices(List.of(A10), null));
        assertThat(c.backend()).isEqualTo(BackendChoice.Backend.CUDA);
        assertThat(c.describe()).isEqualTo("ND4J backend: CUDA on GPU 0 (NVIDIA A10, compute capability 8.6, "
                + "24.0 GiB) (nd4j-cuda-11.6 1.0.0-M2.1)");
    }

    @Test
    void unsupportedGpuIsRefusedInOneLine() {
        assertThatThrownBy(() -> BackendChoice.decide(true, () -> new CudaDevices(List.of(H200), null)))
                .isInstanceOf(UnsupportedGpuException.class)
                .hasMessageNotContaining("\n")
                .hasMessageContaining("NVIDIA H200, compute capability 9.0")
                .hasMessageContaining("3.7 to 8.9");
    }

    @Test
    void thisMachineSettlesOnTheCpu() {
        BackendChoice c = BackendChoice.prepare();
        assertThat(c.backend()).as(c.describe()).isEqualTo(BackendChoice.Backend.CPU);
        assertThat(BackendChoice.prepare()).as("decided once per JVM").isSameAs(c);
        assertThat(c.confirm()).isEqualTo(BackendChoice.Backend.CPU);
    }
}
