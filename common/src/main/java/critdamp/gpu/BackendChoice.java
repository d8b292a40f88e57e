package critdamp.gpu;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This JVM's native backends, settled before any native library loads: ND4J's backend (CPU or CUDA), whether libtorch
 * loads its CUDA build, and the GPUs visible. The {@code -Pcuda} build carries every build (nd4j-native with oneDNN,
 * nd4j-cuda-11.6 with cuDNN, libtorch's CPU and CUDA 13.1 builds); one jar then serves a driver or executor with or
 * without a GPU, for either engine.
 *
 * <p>{@link #prepare()} (called by {@code FastCpuPath.enableDefaults()} in every command and by the executor plugin
 * at executor start):
 * <ol>
 *   <li>libtorch's CUDA build on the classpath: asks {@code nvidia-smi} for the GPUs ({@link NvidiaSmiDevices}: no
 *       CUDA runtime needed) and looks for the CUDA 13 libraries it needs ({@link CudaLibraries}); both there: adds
 *       its suffix to JavaCPP's platform extensions, so that libtorch loads its CUDA build (else its CPU build, which
 *       always loads);</li>
 *   <li>ND4J's CUDA backend on the classpath: adds its native build's suffix ({@link CudaNatives}) and asks the CUDA
 *       runtime for the visible devices ({@link CudaDevices#probe()});</li>
 *   <li>ND4J takes CUDA when devices were found, all in {@link CudaSupport#ND4J_CUDA_11_6}'s range, and the engine
 *       is not torch ({@value #ENGINE_PROPERTY}); otherwise the CUDA backend is hidden from ND4J
 *       ({@link CudaBackendFilter}) so ND4J takes the CPU backend without first failing on CUDA;</li>
 *   <li>logs one line per library.</li>
 * </ol>
 * It never refuses a GPU: which GPUs an engine can run on is the engine's question, asked with
 * {@link #require(CudaSupport)} once the engine is known (executor plugin, training commands, {@link GpuCheck}). It
 * must run before anything loads JavaCPP, ND4J or libtorch in the JVM: JavaCPP reads the extension once.
 *
 * @param backend     ND4J's backend
 * @param devices     the GPUs visible to this process, as the CUDA runtime (else nvidia-smi) reports them; empty in a
 *                    CPU-only build, which never asks
 * @param reason      why ND4J's backend is what it is
 * @param torchCuda   whether libtorch loads its CUDA build
 * @param torchReason why libtorch's build is what it is
 */
public record BackendChoice(Backend backend, List<GpuDevice> devices, String reason, boolean torchCuda,
                            String torchReason) {
    /**
     * System property naming the engine this JVM trains with ({@code dl4j}, the default, or {@code torch}), where it is
     * known before {@link #prepare()}: with {@code torch}, ND4J stays on the CPU and leaves the GPU to libtorch.
     */
    public static final String ENGINE_PROPERTY = "critdamp.engine";
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

    /**
     * Which libtorch build loads, and why; with the GPUs nvidia-smi reported (empty when not asked).
     *
     * @param cuda    the CUDA build (else the CPU build)
     * @param reason  in words, for the log line
     * @param devices the GPUs nvidia-smi reported
     */
    public record Libtorch(boolean cuda, String reason, List<GpuDevice> devices) {
        public Libtorch {
            devices = List.copyOf(devices);
        }
    }

    public BackendChoice {
        devices = List.copyOf(devices);
    }

    /** An ND4J-only choice (libtorch on its CPU build): for tests and callers that assume a choice. */
    public BackendChoice(Backend backend, List<GpuDevice> devices, String reason) {
        this(backend, devices, reason, false, "CPU build (assumed)");
    }

    /**
     * Settles the backends of this JVM (see the class comment); the first call decides, later calls return the same
     * choice. Never throws for a GPU: see {@link #require(CudaSupport)}.
     */
    public static synchronized BackendChoice prepare() {
        if (current == null) {
            Libtorch torch = libtorch(CudaNatives.torchGpuBuildOnClasspath(),
                    () -> CudaLibraries.find(CudaSupport.LIBTORCH_CUDA_13_1), NvidiaSmiDevices::probe);
            boolean nd4jCuda = CudaNatives.backendOnClasspath();
            String extensions = System.getProperty(CudaNatives.PLATFORM_EXTENSION_PROPERTY);
            if (nd4jCuda) {
                extensions = CudaNatives.withCudaExtension(extensions);
            }
            if (torch.cuda()) {
                extensions = CudaNatives.withExtension(extensions, CudaNatives.TORCH_GPU_EXTENSION);
            }
            if (nd4jCuda || torch.cuda()) {
                System.setProperty(CudaNatives.PLATFORM_EXTENSION_PROPERTY, extensions);
            }
            BackendChoice choice = decide(nd4jCuda, torch,
                    System.getProperty(ENGINE_PROPERTY, CudaSupport.ND4J_CUDA_11_6.engine()), CudaDevices::probe);
            if (nd4jCuda && choice.backend() == Backend.CPU) {
                CudaBackendFilter.install();
            }
            LOG.info(choice.describe());
            if (!torch.cuda() && !choice.devices().isEmpty()) {
                LOG.warn(choice.describeTorch());
            } else {
                LOG.info(choice.describeTorch());
            }
            current = choice;
        }
        return current;
    }

    /**
     * Which libtorch build a JVM loads: the CUDA build where it is on the classpath, nvidia-smi sees a GPU and the CUDA
     * libraries it needs are present; else the CPU build.
     */
    static Libtorch libtorch(boolean cudaBuildOnClasspath, Supplier<CudaLibraries> libraries,
                             Supplier<CudaDevices> nvidiaSmi) {
        if (!cudaBuildOnClasspath) {
            return new Libtorch(false, "CPU build (CPU-only jar)", List.of());
        }
        CudaDevices gpus = nvidiaSmi.get();
        if (!gpus.any()) {
            return new Libtorch(false, "CPU build (no GPU: " + gpus.unavailable() + ")", List.of());
        }
        CudaLibraries libs = libraries.get();
        String visible = gpus.devices().stream().map(GpuDevice::describe).collect(Collectors.joining(", "));
        if (!libs.complete()) {
            return new Libtorch(false, "CPU build, although " + visible + " is visible: "
                    + CudaSupport.LIBTORCH_CUDA_13_1.build() + " needs its CUDA libraries from the node or the image, "
                    + libs.describe(CudaSupport.LIBTORCH_CUDA_13_1.libraries().size()), gpus.devices());
        }
        return new Libtorch(true, "CUDA build (" + CudaSupport.LIBTORCH_CUDA_13_1.build() + ") for " + visible,
                gpus.devices());
    }

    /**
     * The choice for a JVM with ({@code nd4jCudaOnClasspath}) or without ND4J's CUDA backend, given libtorch's build,
     * the engine's config name and what the CUDA runtime reports.
     */
    static BackendChoice decide(boolean nd4jCudaOnClasspath, Libtorch torch, String engine,
                                Supplier<CudaDevices> cudaRuntime) {
        CudaDevices found = nd4jCudaOnClasspath ? cudaRuntime.get() : CudaDevices.none("CPU-only build");
        List<GpuDevice> visible = found.any() ? found.devices() : torch.devices();
        CudaSupport nd4j = CudaSupport.ND4J_CUDA_11_6;
        if (!nd4jCudaOnClasspath) {
            return new BackendChoice(Backend.CPU, visible, "CPU-only build", torch.cuda(), torch.reason());
        }
        if (!found.any()) {
            return new BackendChoice(Backend.CPU, visible, "CUDA backend not usable here: " + found.unavailable(),
                    torch.cuda(), torch.reason());
        }
        if (CudaSupport.LIBTORCH_CUDA_13_1.engine().equals(engine)) {
            return new BackendChoice(Backend.CPU, visible, "engine " + engine + " trains on the GPU, ND4J stays on the"
                    + " CPU", torch.cuda(), torch.reason());
        }
        return nd4j.firstUnsupported(visible)
                .map(d -> new BackendChoice(Backend.CPU, visible, d.describe() + " is outside " + nd4j.build()
                        + "'s range, compute capability " + nd4j.range(), torch.cuda(), torch.reason()))
                .orElseGet(() -> new BackendChoice(Backend.CUDA, visible, "supported GPU", torch.cuda(),
                        torch.reason()));
    }

    /**
     * Refuses, in one line ({@link UnsupportedGpuException}, {@link CudaSupport#refusal}), a visible GPU that
     * {@code build} (the engine's) cannot run on; returns this choice. A CPU-only build sees no GPU and never refuses.
     */
    public BackendChoice require(CudaSupport build) {
        build.check(devices);
        return this;
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

    /** One line: "ND4J backend: CUDA on GPU 0 (NVIDIA A10, compute capability 8.6, 22.0 GiB) (...)", or CPU and why. */
    public String describe() {
        if (backend == Backend.CUDA) {
            return "ND4J backend: CUDA on " + devices.stream().map(GpuDevice::describe)
                    .collect(Collectors.joining(", ")) + " (" + CudaSupport.ND4J_CUDA_11_6.build() + ")";
        }
        return "ND4J backend: CPU (nd4j-native; " + reason + ")";
    }

    /** One line: "libtorch: CUDA build (...) for GPU 0 (...)" or "libtorch: CPU build (...)". */
    public String describeTorch() {
        return "libtorch: " + torchReason;
    }
}
