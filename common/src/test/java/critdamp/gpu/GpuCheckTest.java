package critdamp.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/**
 * deploy/gpu-check.sh's Java step, per engine: its exit codes and lines, on this GPU-less machine and with assumed
 * GPUs.
 */
class GpuCheckTest {
    private static final CudaSupport DL4J = CudaSupport.ND4J_CUDA_11_6;
    private static final CudaSupport TORCH = CudaSupport.LIBTORCH_CUDA_13_1;

    @Test
    void anAssumedH200IsRefusedForDl4jInOneLine() {
        Run r = capture(() -> GpuCheck.run(DL4J, "NVIDIA H200,9.0"));
        assertThat(r.code).isEqualTo(GpuCheck.UNSUPPORTED);
        assertThat(r.out.lines().toList()).singleElement().asString()
                .isEqualTo("UNSUPPORTED GPU 0 (NVIDIA H200, compute capability 9.0) is not supported by engine dl4j:"
                        + " nd4j-cuda-11.6 1.0.0-M2.1 runs compute capability 3.7 to 8.9 (cubins sm_37,sm_50,sm_52,"
                        + "sm_60,sm_61,sm_70,sm_75,sm_80,sm_86, no PTX); use engine=torch (7.5 to 12.x except 11.x),"
                        + " other GPUs (CUDA_VISIBLE_DEVICES) or the CPU (CUDA_VISIBLE_DEVICES= , or"
                        + " spark-submit-gpu.sh --cpu)");
    }

    @Test
    void anAssumedV100IsRefusedForTorchInOneLine() {
        Run r = capture(() -> GpuCheck.run(TORCH, "Tesla V100-SXM2-16GB,7.0"));
        assertThat(r.code).isEqualTo(GpuCheck.UNSUPPORTED);
        assertThat(r.out.lines().toList()).singleElement().asString()
                .startsWith("UNSUPPORTED GPU 0 (Tesla V100-SXM2-16GB, compute capability 7.0) is not supported by"
                        + " engine torch: libtorch 2.10.0 CUDA 13.1 runs compute capability 7.5 to 12.x except 11.x")
                .contains("use engine=dl4j (3.7 to 8.9)");
    }

    @Test
    void anAssumedH200PassesTorchsRangeAndItsCudaLibrariesAreLookedFor() {
        Run r = capture(() -> GpuCheck.run(TORCH, "NVIDIA H200,9.0"));
        assertThat(r.out).contains("ND4J backend: CPU (nd4j-native; engine torch trains on the GPU, ND4J stays on the"
                + " CPU) [assumed GPU: CRITDAMP_ASSUME_GPU]");
        if (CudaLibraries.find(TORCH).complete()) {
            assertThat(r.code).isZero();
            assertThat(r.out).contains("CUDA libraries of libtorch 2.10.0 CUDA 13.1: all 16 found")
                    .contains("OK engine torch: libtorch will load its CUDA build");
        } else { // this machine: no cuBLAS 13, cuDNN 9 or NCCL
            assertThat(r.code).isEqualTo(GpuCheck.MISSING);
            assertThat(r.out).contains("CUDA libraries of libtorch 2.10.0 CUDA 13.1: missing ")
                    .contains("MISSING engine torch cannot use the GPU: libtorch CPU build, although GPU 0 (NVIDIA"
                            + " H200, compute capability 9.0) is visible");
        }
    }

    @Test
    void anAssumedL4IsAcceptedForDl4j() {
        Run r = capture(() -> GpuCheck.run(DL4J, "NVIDIA L4,8.9"));
        assertThat(r.code).isZero();
        assertThat(r.out).startsWith("ND4J backend: CUDA on GPU 0 (NVIDIA L4, compute capability 8.9");
    }

    @Test
    void thisMachineHasNoUsableGpu() {
        Run r = capture(() -> GpuCheck.run(DL4J, null));
        assertThat(r.code).isEqualTo(GpuCheck.NO_GPU);
        assertThat(r.out).startsWith("ND4J backend: CPU").contains("libtorch: CPU build");
    }

    @Test
    void aMalformedAssumptionIsNamed() {
        assertThatThrownBy(() -> GpuCheck.assumed("H200")).hasMessageContaining("'name,capability'");
    }

    @Test
    void theProductCheckPassesOnTheCpuBackend() {
        assertThat(GpuCheck.productError(64)).isNull();
    }

    @Test
    void theProductCheckCatchesAWrongProduct() {
        assertThat(ProductCheck.error(8, (a, b) -> new double[8][8])).startsWith("C[0][0] = 0.0, reference ");
    }

    private record Run(int code, String out) {
    }

    private static Run capture(IntSupplier body) {
        PrintStream before = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = body.getAsInt();
            return new Run(code, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(before);
        }
    }
}
