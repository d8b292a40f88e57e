package critdamp.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** JavaCPP's extension list gains the CUDA native build's suffix without losing the CPU one. */
class CudaNativesTest {
    @Test
    void appendsTheCudaBuildOnce() {
        assertThat(CudaNatives.withExtension("-onednn-avx2", "-cudnn")).isEqualTo("-onednn-avx2:-cudnn");
        assertThat(CudaNatives.withExtension("-onednn-avx2:-cudnn", "-cudnn")).isEqualTo("-onednn-avx2:-cudnn");
        assertThat(CudaNatives.withExtension(null, "-cudnn")).isEqualTo("-cudnn");
        assertThat(CudaNatives.withExtension(" -onednn : ", "-cudnn")).isEqualTo("-onednn:-cudnn");
    }

    @Test
    void noCudaBuildLeavesTheListAlone() {
        assertThat(CudaNatives.withExtension("-onednn-avx2", "")).isEqualTo("-onednn-avx2");
    }

    @Test
    void classpathOfThisBuildDecidesTheRest() {
        boolean cuda = CudaNatives.backendOnClasspath();
        assertThat(CudaNatives.extensionOnClasspath()).as("the CUDA native build ships with the CUDA backend")
                .isEqualTo(cuda ? java.util.Optional.of("-cudnn") : java.util.Optional.empty());
        assertThat(CudaNatives.withCudaExtension("-onednn-avx2"))
                .isEqualTo(cuda ? "-onednn-avx2:-cudnn" : "-onednn-avx2");
    }
}
