package critdamp.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/** deploy/gpu-check.sh's Java step: its exit codes and lines, on this GPU-less machine and with assumed GPUs. */
class GpuCheckTest {
    @Test
    void anAssumedH200IsRefusedInOneLine() {
        Run r = capture(() -> GpuCheck.run("NVIDIA H200,9.0"));
        assertThat(r.code).isEqualTo(GpuCheck.UNSUPPORTED);
        assertThat(r.out.lines().toList()).singleElement().asString()
                .startsWith("UNSUPPORTED GPU 0 (NVIDIA H200, compute capability 9.0")
                .contains("compute capability 3.7 to 8.9");
    }

    @Test
    void anAssumedL4IsAccepted() {
        Run r = capture(() -> GpuCheck.run("NVIDIA L4,8.9"));
        assertThat(r.code).isZero();
        assertThat(r.out).startsWith("ND4J backend: CUDA on GPU 0 (NVIDIA L4, compute capability 8.9");
    }

    @Test
    void thisMachineHasNoUsableGpu() {
        Run r = capture(() -> GpuCheck.run(null));
        assertThat(r.code).isEqualTo(GpuCheck.NO_GPU);
        assertThat(r.out).startsWith("ND4J backend: CPU");
    }

    @Test
    void aMalformedAssumptionIsNamed() {
        assertThatThrownBy(() -> GpuCheck.assumed("H200")).hasMessageContaining("'name,capability'");
    }

    @Test
    void theProductCheckPassesOnTheCpuBackend() {
        assertThat(GpuCheck.productError(64)).isNull();
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
