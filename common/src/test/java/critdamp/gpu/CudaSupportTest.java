package critdamp.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The supported range of nd4j-cuda-11.6 M2.1 (cubins sm_37..sm_86, no PTX), on the GPUs users have. */
class CudaSupportTest {
    @ParameterizedTest(name = "{0} ({1}) runs")
    @CsvSource({"K80, 3.7", "M60, 5.2", "Jetson Nano, 5.3", "P100, 6.0", "P40, 6.1", "V100, 7.0", "Xavier, 7.2",
            "T4, 7.5", "A100, 8.0", "A10, 8.6", "Orin, 8.7", "L4, 8.9", "RTX 4090, 8.9"})
    void supportedGpus(String gpu, String cc) {
        assertThat(CudaSupport.supports(ComputeCapability.parse(cc))).isTrue();
    }

    @ParameterizedTest(name = "{0} ({1}) is refused")
    @CsvSource({"K40, 3.5", "K20, 3.0", "H100, 9.0", "H200, 9.0", "B200, 10.0", "RTX 5090, 12.0"})
    void refusedGpus(String gpu, String cc) {
        assertThat(CudaSupport.supports(ComputeCapability.parse(cc))).isFalse();
    }

    @Test
    void refusalIsOneLineNamingTheGpuItsCapabilityAndTheRange() {
        GpuDevice h200 = new GpuDevice(1, "NVIDIA H200", new ComputeCapability(9, 0), 150L << 30);
        String line = CudaSupport.refusal(h200);
        assertThat(line).doesNotContain("\n")
                .contains("GPU 1 (NVIDIA H200, compute capability 9.0")
                .contains("compute capability 3.7 to 8.9")
                .contains("sm_37,sm_50,sm_52,sm_60,sm_61,sm_70,sm_75,sm_80,sm_86 with no PTX")
                .contains(CudaSupport.BUILD);
    }

    @Test
    void checkNamesTheFirstUnsupportedDevice() {
        GpuDevice a10 = new GpuDevice(0, "NVIDIA A10", ComputeCapability.parse("8.6"), 24L << 30);
        GpuDevice h100 = new GpuDevice(1, "NVIDIA H100 80GB HBM3", ComputeCapability.parse("9.0"), 80L << 30);
        CudaSupport.check(List.of(a10));
        assertThatThrownBy(() -> CudaSupport.check(List.of(a10, h100)))
                .isInstanceOf(UnsupportedGpuException.class).hasMessageStartingWith("GPU 1 (NVIDIA H100 80GB HBM3");
    }

    @Test
    void capabilityParsingRejectsGarbage() {
        assertThat(ComputeCapability.parse(" 8.9 ")).isEqualTo(new ComputeCapability(8, 9));
        assertThat(ComputeCapability.ofArch(86).sm()).isEqualTo("sm_86");
        assertThat(ComputeCapability.parse("10.0")).isGreaterThan(ComputeCapability.parse("9.0"));
        assertThatThrownBy(() -> ComputeCapability.parse("sm_86")).hasMessageContaining("'sm_86'");
    }
}
