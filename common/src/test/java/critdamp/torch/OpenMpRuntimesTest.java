package critdamp.torch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OpenMpRuntimesTest {
    @Test
    void listsEachOpenMpRuntimeFileOnce() {
        List<String> maps = List.of(
                "7f66-7f67 r-xp 00000000 fe:00 53 /cache/nd4j/linux-x86_64/libgomp.so.1",
                "7f67-7f68 r--p 00042000 fe:00 53 /cache/nd4j/linux-x86_64/libgomp.so.1",
                "7f68-7f69 r-xp 00000000 fe:00 54 /cache/pytorch/linux-x86_64/libgomp.so.1",
                "7f69-7f6a r-xp 00000000 fe:00 55 /opt/intel/lib/libiomp5.so",
                "7f6a-7f6b r-xp 00000000 fe:00 56 /usr/lib/llvm/libomp.so.5",
                "7f6b-7f6c r-xp 00000000 fe:00 57 /site-packages/torch.libs/libgomp-a34b3233.so.1",
                "7f6c-7f6d r-xp 00000000 fe:00 58 /usr/lib/libomptarget.so",
                "7f6d-7f6e r-xp 00000000 fe:00 59 /cache/pytorch/linux-x86_64/libtorch_cpu.so",
                "7f6e-7f6f rw-p 00000000 00:00 0 ",
                "7ffd-7ffe rw-p 00000000 00:00 0 [stack]");
        assertThat(OpenMpRuntimes.parse(maps)).containsExactly(
                "/cache/nd4j/linux-x86_64/libgomp.so.1",
                "/cache/pytorch/linux-x86_64/libgomp.so.1",
                "/opt/intel/lib/libiomp5.so",
                "/usr/lib/llvm/libomp.so.5",
                "/site-packages/torch.libs/libgomp-a34b3233.so.1");
    }
}
