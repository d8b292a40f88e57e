package critdamp.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Spark GPU addresses to CUDA device numbers. */
class GpuAddressesTest {
    @Test
    void withoutCudaVisibleDevicesTheAddressIsTheDevice() {
        assertThat(GpuAddresses.cudaOrdinal("3", null)).isEqualTo(3);
        assertThat(GpuAddresses.cudaOrdinal(" 0 ", "")).isEqualTo(0);
    }

    @Test
    void addressesListedInCudaVisibleDevicesMapToTheirPosition() {
        assertThat(GpuAddresses.cudaOrdinal("3", "2,3")).isEqualTo(1);
        assertThat(GpuAddresses.cudaOrdinal("GPU-8a1b", "GPU-77ff, GPU-8a1b")).isEqualTo(1);
        assertThat(GpuAddresses.cudaOrdinal("0", "0")).isEqualTo(0);
    }

    @Test
    void anUnknownAddressIsNamed() {
        assertThatThrownBy(() -> GpuAddresses.cudaOrdinal("GPU-dead", "GPU-77ff"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Spark GPU address 'GPU-dead' is neither a device number nor listed in "
                        + "CUDA_VISIBLE_DEVICES=GPU-77ff");
    }
}
