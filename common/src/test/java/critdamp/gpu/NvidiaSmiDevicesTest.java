package critdamp.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** nvidia-smi's answer as CUDA device numbers, with and without CUDA_VISIBLE_DEVICES. */
class NvidiaSmiDevicesTest {
    private static final List<String> TWO = List.of(
            "0, GPU-0a1b2c3d-0000-1111-2222-333344445555, NVIDIA H100 80GB HBM3, 9.0, 81559",
            "1, GPU-9f8e7d6c-0000-1111-2222-333344445555, NVIDIA A10, 8.6, 23028");

    @Test
    void withoutCudaVisibleDevicesEveryGpuInIndexOrder() {
        CudaDevices d = NvidiaSmiDevices.parse(TWO, null);
        assertThat(d.devices()).containsExactly(
                new GpuDevice(0, "NVIDIA H100 80GB HBM3", ComputeCapability.parse("9.0"), 81559L << 20),
                new GpuDevice(1, "NVIDIA A10", ComputeCapability.parse("8.6"), 23028L << 20));
    }

    @Test
    void cudaVisibleDevicesRenumbersInItsOrderByIndexOrUuid() {
        assertThat(NvidiaSmiDevices.parse(TWO, "1").devices()).singleElement()
                .satisfies(g -> assertThat(g.describe()).startsWith("GPU 0 (NVIDIA A10, compute capability 8.6"));
        assertThat(NvidiaSmiDevices.parse(TWO, "GPU-9f8e,0").devices()).extracting(GpuDevice::name)
                .containsExactly("NVIDIA A10", "NVIDIA H100 80GB HBM3");
        assertThat(NvidiaSmiDevices.parse(TWO, "0,7,1").devices()).as("stops at an entry naming no device")
                .extracting(GpuDevice::name).containsExactly("NVIDIA H100 80GB HBM3");
    }

    @Test
    void anEmptyCudaVisibleDevicesHidesEveryGpu() {
        CudaDevices d = NvidiaSmiDevices.parse(TWO, "");
        assertThat(d.any()).isFalse();
        assertThat(d.unavailable()).isEqualTo("CUDA_VISIBLE_DEVICES= names none of nvidia-smi's GPUs");
    }

    @Test
    void oddAnswersSayWhat() {
        assertThat(NvidiaSmiDevices.parse(List.of(), null).unavailable()).isEqualTo("nvidia-smi lists no GPU");
        assertThat(NvidiaSmiDevices.parse(List.of("0, GPU-1, Tesla K80, [N/A], 11441"), null).unavailable())
                .contains("no compute capability for GPU 0");
        assertThat(NvidiaSmiDevices.parse(List.of("No devices were found"), null).unavailable())
                .startsWith("nvidia-smi: unexpected line");
    }

    @Test
    void thisMachineHasNoNvidiaSmiOrNoGpu() {
        assertThat(NvidiaSmiDevices.probe().any()).isFalse();
    }
}
