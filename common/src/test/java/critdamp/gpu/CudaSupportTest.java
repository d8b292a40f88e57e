package critdamp.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The two CUDA builds' ranges (nd4j-cuda-11.6 M2.1: cubins sm_37..sm_86; libtorch 2.10 CUDA 13.1: sm_75, 80, 90, 100,
 * 120; neither with PTX), on the GPUs users have, and the one-line refusal.
 */
class CudaSupportTest {
    private static final CudaSupport DL4J = CudaSupport.ND4J_CUDA_11_6;
    private static final CudaSupport TORCH = CudaSupport.LIBTORCH_CUDA_13_1;

    @ParameterizedTest(name = "{0} ({1}): dl4j {2}, torch {3}")
    @CsvSource({
        "K40, 3.5, false, false",
        "K80, 3.7, true, false",
        "M60, 5.2, true, false",
        "P100, 6.0, true, false",
        "P40, 6.1, true, false",
        "V100, 7.0, true, false",
        "Xavier, 7.2, true, false",
        "T4, 7.5, true, true",
        "A100, 8.0, true, true",
        "A10, 8.6, true, true",
        "Orin, 8.7, true, true",
        "L4, 8.9, true, true",
        "H100, 9.0, false, true",
        "B200, 10.0, false, true",
        "B300, 10.3, false, true",
        "Jetson Thor, 11.0, false, false",
        "RTX 5090, 12.0, false, true",
        "GB10, 12.1, false, true",
        "next, 13.0, false, false"})
    void whichBuildRunsWhichGpu(String gpu, String cc, boolean dl4j, boolean torch) {
        ComputeCapability c = ComputeCapability.parse(cc);
        assertThat(DL4J.supports(c)).as("dl4j on " + gpu).isEqualTo(dl4j);
        assertThat(TORCH.supports(c)).as("torch on " + gpu).isEqualTo(torch);
    }

    @Test
    void eachEngineNamesItsBuild() {
        assertThat(CudaSupport.forEngine("dl4j")).isEqualTo(DL4J);
        assertThat(CudaSupport.forEngine("torch")).isEqualTo(TORCH);
        assertThatThrownBy(() -> CudaSupport.forEngine("tensorflow")).hasMessageContaining("one of dl4j, torch");
    }

    @Test
    void anH100OnDl4jIsRefusedInOneLinePointingAtTorch() {
        GpuDevice h100 = new GpuDevice(0, "NVIDIA H100 80GB HBM3", ComputeCapability.parse("9.0"), 80L << 30);
        assertThat(DL4J.refusal(h100)).isEqualTo("GPU 0 (NVIDIA H100 80GB HBM3, compute capability 9.0, 80.0 GiB)"
                + " is not supported by engine dl4j: nd4j-cuda-11.6 1.0.0-M2.1 runs compute capability 3.7 to 8.9"
                + " (cubins sm_37,sm_50,sm_52,sm_60,sm_61,sm_70,sm_75,sm_80,sm_86, no PTX); use engine=torch"
                + " (7.5 to 12.x except 11.x), other GPUs (CUDA_VISIBLE_DEVICES) or the CPU (CUDA_VISIBLE_DEVICES= ,"
                + " or spark-submit-gpu.sh --cpu)");
    }

    @Test
    void aV100OnTorchIsRefusedInOneLinePointingAtDl4j() {
        GpuDevice v100 = new GpuDevice(1, "Tesla V100-SXM2-16GB", ComputeCapability.parse("7.0"), 16L << 30);
        assertThat(TORCH.refusal(v100)).isEqualTo("GPU 1 (Tesla V100-SXM2-16GB, compute capability 7.0, 16.0 GiB)"
                + " is not supported by engine torch: libtorch 2.10.0 CUDA 13.1 runs compute capability"
                + " 7.5 to 12.x except 11.x (cubins sm_75,sm_80,sm_90,sm_100,sm_120, no PTX); use engine=dl4j"
                + " (3.7 to 8.9), other GPUs (CUDA_VISIBLE_DEVICES) or the CPU (CUDA_VISIBLE_DEVICES= ,"
                + " or spark-submit-gpu.sh --cpu)");
    }

    @ParameterizedTest(name = "{0} refused by both, no other engine offered")
    @CsvSource({"3.5", "13.0"})
    void aGpuNoBuildRunsGetsOnlyTheCpuAndOtherGpus(String cc) {
        GpuDevice d = new GpuDevice(0, "GPU X", ComputeCapability.parse(cc), 0);
        for (CudaSupport build : CudaSupport.values()) {
            assertThat(build.refusal(d)).doesNotContain("\n").doesNotContain("engine=")
                    .contains("; use other GPUs (CUDA_VISIBLE_DEVICES) or the CPU");
        }
    }

    @Test
    void checkNamesTheFirstUnsupportedDevice() {
        GpuDevice a10 = new GpuDevice(0, "NVIDIA A10", ComputeCapability.parse("8.6"), 24L << 30);
        GpuDevice h100 = new GpuDevice(1, "NVIDIA H100 80GB HBM3", ComputeCapability.parse("9.0"), 80L << 30);
        DL4J.check(List.of(a10));
        TORCH.check(List.of(a10, h100));
        assertThatThrownBy(() -> DL4J.check(List.of(a10, h100)))
                .isInstanceOf(UnsupportedGpuException.class).hasMessageStartingWith("GPU 1 (NVIDIA H100 80GB HBM3");
    }

    @Test
    void rangesInWordsMatchTheCubins() {
        for (CudaSupport build : CudaSupport.values()) {
            String low = build.range().substring(0, 3);
            int arch = build.cubinArchs().get(0);
            assertThat(low).as(build + " starts at its lowest cubin")
                    .isEqualTo(ComputeCapability.ofArch(arch).toString());
        }
        assertThat(DL4J.supports(ComputeCapability.parse("8.9"))).isTrue();
        assertThat(DL4J.supports(ComputeCapability.parse("9.0"))).isFalse();
        assertThat(TORCH.supports(ComputeCapability.parse("12.9"))).isTrue();
        assertThat(TORCH.supports(ComputeCapability.parse("11.0"))).isFalse();
    }

    @Test
    void capabilityParsingRejectsGarbage() {
        assertThat(ComputeCapability.parse(" 8.9 ")).isEqualTo(new ComputeCapability(8, 9));
        assertThat(ComputeCapability.ofArch(86).sm()).isEqualTo("sm_86");
        assertThat(ComputeCapability.ofArch(120)).isEqualTo(new ComputeCapability(12, 0));
        assertThat(ComputeCapability.parse("10.0")).isGreaterThan(ComputeCapability.parse("9.0"));
        assertThatThrownBy(() -> ComputeCapability.parse("sm_86")).hasMessageContaining("'sm_86'");
    }
}
