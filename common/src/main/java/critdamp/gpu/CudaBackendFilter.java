package critdamp.gpu;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Collectors;
import org.nd4j.common.config.ND4JClassLoading;

/**
 * A class loader for ND4J's backend lookup that leaves out the CUDA backend, for JVMs where CUDA cannot run.
 *
 * <p>ND4J 1.0.0-M2.1 ({@code Nd4jBackend.load()}) finds backends with a {@link java.util.ServiceLoader} over
 * {@code ND4JClassLoading.getNd4jClassloader()}, sorts them by priority (CUDA 100, CPU 0; only the environment
 * variables {@code BACKEND_PRIORITY_GPU/CPU} change that, no system property) and takes the first whose
 * {@code isAvailable()} holds. Without a GPU the CUDA backend's check fails and ND4J falls back to the CPU backend by
 * itself, but not before printing the {@code UnsatisfiedLinkError} stack trace ("libcuda.so.1: cannot open shared
 * object file") and a WARN. Where {@link BackendChoice} has already found that CUDA cannot run, this loader hides
 * {@code org.nd4j.linalg.jcublas.JCublasBackend} from the service files (line by line, so a shaded jar's merged file
 * keeps the CPU backend) and delegates everything else unchanged, so ND4J goes straight to the CPU backend.
 */
final class CudaBackendFilter extends ClassLoader {
    static final String SERVICE_FILE = "META-INF/services/org.nd4j.linalg.factory.Nd4jBackend";
    static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

    CudaBackendFilter(ClassLoader parent) {
        super(parent);
    }

    /** Makes ND4J's backend lookup skip the CUDA backend (once; no effect on a backend ND4J already chose). */
    static synchronized void install() {
        ClassLoader current = ND4JClassLoading.getNd4jClassloader();
        if (!(current instanceof CudaBackendFilter)) {
            ND4JClassLoading.setNd4jClassloader(new CudaBackendFilter(
                    current != null ? current : CudaBackendFilter.class.getClassLoader()));
        }
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        Enumeration<URL> all = super.getResources(name);
        if (!SERVICE_FILE.equals(name)) {
            return all;
        }
        List<URL> kept = new ArrayList<>();
        for (URL url : Collections.list(all)) {
            List<String> lines = read(url);
            List<String> without = lines.stream().filter(l -> !l.strip().equals(CUDA_BACKEND)).toList();
            kept.add(without.size() == lines.size() ? url : inMemory(url, String.join("\n", without)));
        }
        return Collections.enumeration(kept);
    }

    private static List<String> read(URL url) throws IOException {
        URLConnection c = url.openConnection();
        c.setUseCaches(false);
        try (InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().collect(Collectors.toList());
        }
    }

    /** A URL (named after the original, for messages) whose content is {@code text}. */
    private static URL inMemory(URL original, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new URL(null, "critdamp-filtered:" + original, new URLStreamHandler() {
            @Override
            protected URLConnection openConnection(URL u) {
                return new URLConnection(u) {
                    @Override
                    public void connect() {
                    }

                    @Override
                    public InputStream getInputStream() {
                        return new ByteArrayInputStream(bytes);
                    }
                };
            }
        });
    }
}
