package critdamp.torch;

import static org.assertj.core.api.Assertions.assertThat;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** libtorch loads beside ND4J in one JVM, with one OpenMP runtime for both, and says which build it is. */
class TorchNativesTest {
    @Test
    void bothEnginesRunInOneJvmOnOneOpenMpRuntime() {
        INDArray x = Nd4j.rand(256, 256);
        double nd4j = x.mmul(x).sumNumber().doubleValue() + Nd4j.rand(1, 1 << 20).addi(1).sumNumber().doubleValue();
        TorchNatives.load();
        Tensor t = torch.ones(1 << 20);
        double libtorch = t.add(t).sum().item_double();
        t.close();
        assertThat(nd4j).isPositive();
        assertThat(libtorch).isEqualTo(2.0 * (1 << 20));
        assertThat(OpenMpRuntimes.mapped()).as("OpenMP runtimes mapped after ND4J and libtorch ran")
                .hasSize(1).allMatch(p -> p.endsWith("/libgomp.so.1"));
    }

    @Test
    void describesTheLoadedBuild() {
        assertThat(TorchNatives.describe())
                .isEqualTo("libtorch 2.10.0 (org.bytedeco:pytorch 2.10.0-1.5.13, " + Loader.getPlatform() + ")");
        assertThat(TorchNatives.load()).endsWith("/" + Loader.getPlatform() + "/libjnitorch.so");
    }

    @Test
    void picksTheGpuBuildOnlyWhenListedAndOnTheClasspath() {
        // the test classpath has the CPU build only (the -Pcuda profile adds linux-x86_64-gpu)
        assertThat(TorchNatives.nativeBuild("linux-x86_64", "-onednn-avx2:-gpu")).isEqualTo("linux-x86_64");
        assertThat(TorchNatives.nativeBuild("linux-x86_64", null)).isEqualTo("linux-x86_64");
    }
}
