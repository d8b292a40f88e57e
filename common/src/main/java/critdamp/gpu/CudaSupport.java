package critdamp.gpu;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Which GPUs the CUDA backend this project ships (nd4j-cuda-11.6 1.0.0-M2.1, {@code linux-x86_64-cudnn}) can run on.
 *
 * <p>Its {@code libnd4jcuda.so} holds 239 fatbins, each with ELF cubins for exactly {@link #CUBIN_ARCHS} and no PTX
 * (read with {@link FatbinArchs}; output in {@code bench/results/gpu/}). A cubin for {@code sm_XY} runs on devices of
 * the same major version X and minor version Y or higher; with no PTX nothing can be compiled for other devices at
 * load time. So compute capability 3.7 to 8.9 is supported (K80, Maxwell, P100, V100, T4, A100, A10/A40, L4/L40,
 * RTX 30/40), and 3.5 and older, Hopper (9.0: H100/H200) and Blackwell (10.x, 12.x) are not: CUDA would fail at the
 * first kernel with "no kernel image is available for execution on the device".
 */
public final class CudaSupport {
    /** The CUDA build the facts below are about. */
    public static final String BUILD = "nd4j-cuda-11.6 1.0.0-M2.1";
    /** The cubin architectures in that build's fatbins (no PTX). */
    public static final List<Integer> CUBIN_ARCHS = List.of(37, 50, 52, 60, 61, 70, 75, 80, 86);
    /** The supported range in words, for messages and documentation. */
    public static final String SUPPORTED_RANGE = "compute capability 3.7 to 8.9 (K80, P100, V100, T4, A100, A10/A40, "
            + "L4/L40, RTX 30/40; not H100/H200 or newer)";

    private CudaSupport() {
    }

    /** True when a cubin of the build runs on {@code cc}: same major version, minor version at most {@code cc}'s. */
    public static boolean supports(ComputeCapability cc) {
        return CUBIN_ARCHS.stream().map(ComputeCapability::ofArch)
                .anyMatch(c -> c.major() == cc.major() && c.minor() <= cc.minor());
    }

    /** The one-line refusal for a device this build cannot run on. */
    public static String refusal(GpuDevice d) {
        return d.describe() + " is not supported by " + BUILD + ": its kernels are cubins for "
                + CUBIN_ARCHS.stream().map(a -> "sm_" + a).collect(Collectors.joining(","))
                + " with no PTX, so it runs on " + SUPPORTED_RANGE + ". Use GPUs in that range (CUDA_VISIBLE_DEVICES"
                + " can hide others) or the CPU build.";
    }

    /** Throws {@link UnsupportedGpuException} naming the first device this build cannot run on. */
    public static void check(List<GpuDevice> devices) {
        for (GpuDevice d : devices) {
            if (!supports(d.capability())) {
                throw new UnsupportedGpuException(refusal(d));
            }
        }
    }
}
