package critdamp.gpu;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which ND4J backend this JVM uses, settled before ND4J's first use. The {@code -Pcuda} build carries both backends
 * (nd4j-native with oneDNN, nd4j-cuda-11.6 with cuDNN); one jar then serves a driver or executor with or without a
 * GPU.
 *
 * <p>{@link #prepare()} (called by {@code FastCpuPath.enableDefaults()} in every command and by the executor plugin
 * at executor start):
 * <ol>
 *   <li>adds the CUDA native build's suffix to JavaCPP's platform extensions ({@link CudaNatives}), without which the
 *       CUDA backend cannot load its native library;</li>
 *   <li>asks the CUDA runtime for the visible devices ({@link CudaDevices#probe()});</li>
 *   <li>devices found: checks each against {@link CudaSupport} and throws {@link UnsupportedGpuException} (one line)
 *       for one the build cannot run on; else ND4J picks its CUDA backend itself (priority 100 over the CPU's 0);</li>
 *   <li>none: hides the CUDA backend from ND4J ({@link CudaBackendFilter}) so ND4J takes the CPU backend without
 *       first failing on CUDA;</li>
 *   <li>logs one line saying which backend, and on CUDA which devices.</li>
 * </ol>
 * It must run before anything loads JavaCPP or ND4J in the JVM: JavaCPP reads the extension once.
 */
public record BackendChoice(Backend backend, List<GpuDevice> devices, String reason) {
    private static final Logger LOG = LoggerFactory.getLogger(BackendChoice.class);
    private static BackendChoice current;

    /** ND4J's two backends. */
    public enum Backend {
        CPU, CUDA;

        /** The backend ND4J loaded in this JVM (initialises ND4J). */
        public static Backend loaded() {
            return Nd4j.getBackend().getClass().getName().contains("jcublas") ? CUDA : CPU;
        }
    }

    public BackendChoice {
        devices = List.copyOf(devices);
    }

    /**
     * Settles the backend of this JVM (see the class comment); the first call decides, later calls return the same
     * choice. Throws {@link UnsupportedGpuException} when a visible GPU is outside {@link CudaSupport}'s range.
     */
    public static synchronized BackendChoice prepare() {
        if (current == null) {
            boolean cuda = CudaNatives.backendOnClasspath();
            if (cuda) {
                System.setProperty(CudaNatives.PLATFORM_EXTENSION_PROPERTY,
                        CudaNatives.withCudaExtension(System.getProperty(CudaNatives.PLATFORM_EXTENSION_PROPERTY)));
            }
            BackendChoice choice = decide(cuda, CudaDevices::probe);
            if (cuda && choice.backend() == Backend.CPU) {
                CudaBackendFilter.install();
            }
            LOG.info(choice.describe());
            current = choice;
        }
        return current;
    }

    /**
     * The choice for a JVM with ({@code cudaBackendOnClasspath}) or without the CUDA backend, given what the CUDA
     * runtime reports; throws {@link UnsupportedGpuException} for a GPU the build cannot run on.
     */
    static BackendChoice decide(boolean cudaBackendOnClasspath, Supplier<CudaDevices> probe) {
        if (!cudaBackendOnClasspath) {
            return new BackendChoice(Backend.CPU, List.of(), "CPU-only build");
        }
        CudaDevices found = probe.get();
        if (!found.any()) {
            return new BackendChoice(Backend.CPU, List.of(), "CUDA backend not usable here: " + found.unavailable());
        }
        CudaSupport.check(found.devices());
        return new BackendChoice(Backend.CUDA, found.devices(), "supported GPU");
    }

    /**
     * Logs the backend ND4J really loaded (initialising ND4J), warning when it is not the one chosen; returns it.
     */
    public Backend confirm() {
        Backend loaded = Backend.loaded();
        if (loaded != backend) {
            LOG.warn("ND4J loaded its {} backend, not the {} backend chosen ({}); check {}", loaded, backend, reason,
                    CudaNatives.PLATFORM_EXTENSION_PROPERTY + "=" + System.getProperty(
                            CudaNatives.PLATFORM_EXTENSION_PROPERTY));
        }
        return loaded;
    }

    /** One line: "ND4J backend: CUDA on GPU 0 (NVIDIA A10, compute capability 8.6, 22.0 GiB)" or "... CPU (...)". */
    public String describe() {
        if (backend == Backend.CUDA) {
            return "ND4J backend: CUDA on " + devices.stream().map(GpuDevice::describe)
                    .collect(Collectors.joining(", ")) + " (" + CudaSupport.BUILD + ")";
        }
        return "ND4J backend: CPU (nd4j-native; " + reason + ")";
    }
}
