package critdamp.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding a CUDA build's libraries by name, in a fake file system root. */
class CudaLibrariesTest {
    private static final List<String> WANTED = List.of("libcudart.so.13", "libcublas.so.13", "libcudnn.so.9",
            "libnccl.so.2");

    @TempDir
    Path root;

    private void touch(String path) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.createFile(p);
    }

    @Test
    void findsLibrariesInLdLibraryPathLdSoConfAndTheSystemFolders() throws IOException {
        touch("usr/local/cuda/lib64/libcudart.so.13");
        touch("etc/ld.so.conf");
        Files.writeString(root.resolve("etc/ld.so.conf"), "include /etc/ld.so.conf.d/*.conf\n/usr/local/cuda/lib64\n");
        touch("opt/nvidia/lib/libcublas.so.13");
        touch("etc/ld.so.conf.d/cuda.conf");
        Files.writeString(root.resolve("etc/ld.so.conf.d/cuda.conf"), "# CUDA\n/opt/nvidia/lib  # its libraries\n");
        touch("usr/lib/x86_64-linux-gnu/libcudnn.so.9");
        touch("opt/nccl/lib/libnccl.so.2");
        CudaLibraries found = CudaLibraries.find(WANTED, "/opt/nccl/lib:", root);
        assertThat(found.missing()).isEmpty();
        assertThat(found.complete()).isTrue();
        assertThat(found.describe(WANTED.size())).isEqualTo("all 4 found");
        assertThat(found.folders().get(0)).isEqualTo(root.resolve("opt/nccl/lib"));
    }

    @Test
    void namesWhatIsMissing() throws IOException {
        touch("usr/lib/x86_64-linux-gnu/libcudart.so.13");
        touch("usr/lib/x86_64-linux-gnu/libcublas.so.12"); // another major version does not count
        touch("usr/local/cuda/lib64/libcudnn.so.9"); // a folder the linker is not told about does not count
        CudaLibraries found = CudaLibraries.find(WANTED, null, root);
        assertThat(found.missing()).containsExactly("libcublas.so.13", "libcudnn.so.9", "libnccl.so.2");
        assertThat(found.describe(WANTED.size())).startsWith("missing libcublas.so.13, libcudnn.so.9, libnccl.so.2 (");
    }

    @Test
    void eachBuildListsWhatItsLibrariesNeed() {
        assertThat(CudaSupport.LIBTORCH_CUDA_13_1.libraries()).contains("libcudart.so.13", "libcublas.so.13",
                "libcudnn.so.9", "libnccl.so.2", "libcupti.so.13");
        assertThat(CudaSupport.ND4J_CUDA_11_6.libraries()).contains("libcudart.so.11.0", "libcublas.so.11",
                "libcusolver.so.11", "libcudnn.so.8");
    }
}
