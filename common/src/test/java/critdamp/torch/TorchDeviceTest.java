package critdamp.torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import critdamp.gpu.ComputeCapability;
import critdamp.gpu.GpuCheck;
import critdamp.gpu.GpuDevice;
import critdamp.gpu.ProductCheck;
import critdamp.gpu.UnsupportedGpuException;
import java.util.List;
import java.util.OptionalInt;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where the torch engine's tensors go: the choice from what libtorch reports and the GPUs' capabilities (faked: no GPU
 * here), and, on this machine's CPU, that placing and reading tensors copies nothing.
 */
class TorchDeviceTest {
    private static GpuDevice gpu(int ordinal, String cc) {
        return new GpuDevice(ordinal, "GPU " + cc, ComputeCapability.parse(cc), 0);
    }

    @ParameterizedTest(name = "compute capability {0}: CUDA {1}")
    @CsvSource({"3.5, false", "6.1, false", "7.0, false", "7.5, true", "8.6, true", "8.9, true", "9.0, true",
        "10.0, true", "12.0, true", "13.0, false"})
    void cudaDevice0WhereLibtorchHasCudaAndTheCapabilityIsInRange(String cc, boolean cuda) {
        List<GpuDevice> visible = List.of(gpu(0, cc));
        if (cuda) {
            TorchDevice d = TorchDevice.choose(true, 1, visible, OptionalInt.empty());
            assertThat(d.isCuda()).isTrue();
            assertThat(d).hasToString("cuda:0");
            assertThat(d.describe()).isEqualTo("cuda:0 (GPU 0 (GPU " + cc + ", compute capability " + cc + "))");
        } else {
            assertThatThrownBy(() -> TorchDevice.choose(true, 1, visible, OptionalInt.empty()))
                    .isInstanceOf(UnsupportedGpuException.class).hasMessageNotContaining("\n")
                    .hasMessageStartingWith("GPU 0 (GPU " + cc + ", compute capability " + cc + ") is not supported"
                            + " by engine torch: libtorch 2.10.0 CUDA 13.1 runs compute capability 7.5 to 12.x"
                            + " except 11.x");
        }
        assertThat(TorchDevice.choose(false, 0, visible, OptionalInt.empty())).as("no CUDA in libtorch: the CPU")
                .isEqualTo(TorchDevice.cpu());
    }

    @Test
    void aTaskGetsTheGpuSparkAssignedIt() {
        List<GpuDevice> visible = List.of(gpu(0, "9.0"), gpu(1, "9.0"));
        assertThat(TorchDevice.choose(true, 2, visible, OptionalInt.of(1))).hasToString("cuda:1");
        assertThatThrownBy(() -> TorchDevice.choose(true, 2, visible, OptionalInt.of(2)))
                .hasMessage("CUDA device 2 was assigned, but libtorch sees 2 device(s)");
        assertThatThrownBy(() -> TorchDevice.choose(true, 2, List.of(gpu(0, "9.0"), gpu(1, "7.0")),
                OptionalInt.of(1))).isInstanceOf(UnsupportedGpuException.class).hasMessageStartingWith("GPU 1 (");
    }

    @Test
    void aGpuWhoseCapabilityWasNotReportedIsLeftToTheFirstKernel() {
        TorchDevice d = TorchDevice.choose(true, 1, List.of(), OptionalInt.empty());
        assertThat(d.describe()).isEqualTo("cuda:0 (GPU 0, compute capability not reported; a first kernel checks it)");
    }

    @Test
    void thisMachineTrainsOnTheCpuAndPlacingOrReadingCopiesNothing() {
        TorchDevice d = TorchDevice.current();
        assertThat(d).isEqualTo(TorchDevice.cpu());
        assertThat(d.describe()).startsWith("CPU (libtorch reports no CUDA device");
        try (PointerScope scope = new PointerScope()) {
            Tensor t = torch.ones(3);
            assertThat(d.place(t)).isSameAs(t);
            assertThat(TorchDevice.host(t)).isSameAs(t);
        }
        assertThat(TorchDevice.check()).isEqualTo(GpuCheck.NO_GPU);
    }

    @Test
    void libtorchsProductPassesTheReferenceCheck() {
        assertThat(ProductCheck.error(64, TorchDevice.cpu()::multiply)).isNull();
    }
}
