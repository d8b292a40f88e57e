package critdamp.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4jBackend;

/**
 * The filter hides the CUDA backend from ND4J's service lookup, both from its own jar's service file and from a
 * shaded jar's merged one, and leaves the CPU backend.
 */
class CudaBackendFilterTest {
    private static final String CPU = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";

    @Test
    void hidesTheCudaBackendLineByLine(@TempDir Path tmp) throws Exception {
        Path cudaJar = serviceDir(tmp.resolve("cuda"), CudaBackendFilter.CUDA_BACKEND);
        Path shaded = serviceDir(tmp.resolve("shaded"), "# merged\n" + CPU + "\n" + CudaBackendFilter.CUDA_BACKEND);
        try (URLClassLoader parent = new URLClassLoader(new URL[]{cudaJar.toUri().toURL(), shaded.toUri().toURL()},
                null)) {
            assertThat(contents(parent)).containsExactly(List.of(CudaBackendFilter.CUDA_BACKEND),
                    List.of("# merged", CPU, CudaBackendFilter.CUDA_BACKEND));
            assertThat(contents(new CudaBackendFilter(parent))).containsExactly(List.of(), List.of("# merged", CPU));
        }
    }

    @Test
    void nd4jStillFindsTheCpuBackendThroughTheFilter() {
        List<String> backends = ServiceLoader.load(Nd4jBackend.class,
                        new CudaBackendFilter(getClass().getClassLoader())).stream()
                .map(p -> p.type().getName()).toList();
        assertThat(backends).contains(CPU).doesNotContain(CudaBackendFilter.CUDA_BACKEND);
    }

    private static Path serviceDir(Path dir, String content) throws Exception {
        Path f = dir.resolve(CudaBackendFilter.SERVICE_FILE);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        return dir;
    }

    private static List<List<String>> contents(ClassLoader cl) throws Exception {
        List<List<String>> out = new java.util.ArrayList<>();
        for (URL u : Collections.list(cl.getResources(CudaBackendFilter.SERVICE_FILE))) {
            try (InputStream in = u.openStream()) {
                String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                out.add(s.isEmpty() ? List.of() : s.lines().toList());
            }
        }
        return out;
    }
}
