package critdamp.gpu;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The CUDA builds critdamp ships, one per engine, and which GPUs each can run on: the one place for these facts.
 *
 * <p>Each build's kernels are cubins for exactly {@link #cubinArchs()} in every fatbin of its CUDA library, with no PTX
 * (read with {@link FatbinArchs}; readings in {@code bench/results/gpu/}). A cubin for {@code sm_XY} runs on devices of
 * the same major version X and minor version Y or higher; with no PTX nothing can be compiled for other devices at load
 * time, and CUDA fails at the first kernel with "no kernel image is available for execution on the device". So:
 * <ul>
 *   <li>engine {@code dl4j}, nd4j-cuda-11.6 1.0.0-M2.1 ({@code libnd4jcuda.so}, 239 fatbins): compute capability 3.7
 *       to 8.9 (K80, Maxwell, P100, V100, T4, A100, A10/A40, L4/L40, RTX 30/40); not 3.5 and older, Hopper (H100/H200,
 *       9.0) or Blackwell (10.x, 12.x);</li>
 *   <li>engine {@code torch}, libtorch 2.10.0 CUDA 13.1 ({@code libtorch_cuda.so} of
 *       {@code org.bytedeco:pytorch:2.10.0-1.5.13:linux-x86_64-gpu}, 456 fatbins): compute capability 7.5 to 12.x (T4,
 *       A100, A10/A40, L4/L40, RTX 20/30/40/50, H100/H200, B200/B300, GB10) except 11.x (Jetson Thor: no sm_110
 *       cubin); not Volta (7.0) or older.</li>
 * </ul>
 * gpu-level code knows an engine only by its config name ({@link #engine()}); the caller maps its engine kind here
 * with {@link #forEngine}.
 */
public enum CudaSupport {
    /** Engine dl4j: ND4J's CUDA backend. */
    ND4J_CUDA_11_6("dl4j", "nd4j-cuda-11.6 1.0.0-M2.1", List.of(37, 50, 52, 60, 61, 70, 75, 80, 86), "3.7 to 8.9",
            // libnd4jcuda.so's NEEDED entries (cuBLAS, cuSOLVER, cuDNN 8) and the CUDA runtime critdamp's probe loads
            List.of("libcudart.so.11.0", "libcublas.so.11", "libcublasLt.so.11", "libcusolver.so.11",
                    "libcudnn.so.8")),
    /** Engine torch: libtorch's CUDA build. */
    LIBTORCH_CUDA_13_1("torch", "libtorch 2.10.0 CUDA 13.1", List.of(75, 80, 90, 100, 120),
            "7.5 to 12.x except 11.x",
            // the NEEDED entries of libtorch_cpu/libtorch_cuda/libtorch_cuda_linalg/libjnitorch_cuda/libjnitorch_nccl
            // in the linux-x86_64-gpu jar that the jar does not carry, plus nvJitLink (cuSPARSE 12 needs it)
            List.of("libcudart.so.13", "libcupti.so.13", "libcublas.so.13", "libcublasLt.so.13", "libcufft.so.12",
                    "libcurand.so.10", "libcusparse.so.12", "libcusolver.so.12", "libnvJitLink.so.13",
                    "libcufile.so.0", "libnccl.so.2", "libcudnn.so.9", "libcudnn_graph.so.9", "libcudnn_ops.so.9",
                    "libcudnn_cnn.so.9", "libcudnn_adv.so.9"));

    private final String engine;
    private final String build;
    private final List<Integer> cubinArchs;
    private final String range;
    private final List<String> libraries;

    CudaSupport(String engine, String build, List<Integer> cubinArchs, String range, List<String> libraries) {
        this.engine = engine;
        this.build = build;
        this.cubinArchs = List.copyOf(cubinArchs);
        this.range = range;
        this.libraries = List.copyOf(libraries);
    }

    /** The build for an engine's config name ({@code dl4j}, {@code torch}). */
    public static CudaSupport forEngine(String engineName) {
        return Arrays.stream(values()).filter(s -> s.engine.equals(engineName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no CUDA build for engine '" + engineName + "' (one of "
                        + Arrays.stream(values()).map(CudaSupport::engine).collect(Collectors.joining(", ")) + ")"));
    }

    /** The engine's config name, e.g. "dl4j". */
    public String engine() {
        return engine;
    }

    /** The build, e.g. "nd4j-cuda-11.6 1.0.0-M2.1". */
    public String build() {
        return build;
    }

    /** The cubin architectures in every fatbin of the build (no PTX). */
    public List<Integer> cubinArchs() {
        return cubinArchs;
    }

    /** The supported compute capabilities in words, e.g. "3.7 to 8.9". */
    public String range() {
        return range;
    }

    /** The shared libraries the build needs from the node or the image (sonames), for checks and documentation. */
    public List<String> libraries() {
        return libraries;
    }

    /** True when a cubin of the build runs on {@code cc}: same major version, minor version at most {@code cc}'s. */
    public boolean supports(ComputeCapability cc) {
        return cubinArchs.stream().map(ComputeCapability::ofArch)
                .anyMatch(c -> c.major() == cc.major() && c.minor() <= cc.minor());
    }

    /**
     * The one-line refusal for a device this build cannot run on: the GPU, its capability, the engine, the build's
     * range, and the way out (another engine whose build runs it, other GPUs, or the CPU).
     */
    public String refusal(GpuDevice d) {
        List<String> ways = Arrays.stream(values()).filter(o -> o != this && o.supports(d.capability()))
                .map(o -> "engine=" + o.engine + " (" + o.range + ")").collect(Collectors.toList());
        ways.add("other GPUs (CUDA_VISIBLE_DEVICES)");
        ways.add("the CPU (CUDA_VISIBLE_DEVICES= , or spark-submit-gpu.sh --cpu)");
        return d.describe() + " is not supported by engine " + engine + ": " + build + " runs compute capability "
                + range + " (cubins " + cubinArchs.stream().map(a -> "sm_" + a).collect(Collectors.joining(","))
                + ", no PTX); use " + String.join(", ", ways.subList(0, ways.size() - 1)) + " or "
                + ways.get(ways.size() - 1);
    }

    /** The first of {@code devices} this build cannot run on. */
    public Optional<GpuDevice> firstUnsupported(List<GpuDevice> devices) {
        return devices.stream().filter(d -> !supports(d.capability())).findFirst();
    }

    /** Throws {@link UnsupportedGpuException} naming the first device this build cannot run on. */
    public void check(List<GpuDevice> devices) {
        Optional<GpuDevice> bad = firstUnsupported(devices);
        if (bad.isPresent()) {
            throw new UnsupportedGpuException(refusal(bad.get()));
        }
    }
}
