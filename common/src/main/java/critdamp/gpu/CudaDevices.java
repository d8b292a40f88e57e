package critdamp.gpu;

import java.util.List;

/**
 * The CUDA devices this JVM can use, as the CUDA runtime ND4J's CUDA backend calls reports them, or why there are
 * none.
 *
 * @param devices     visible devices, in CUDA runtime order (empty when none)
 * @param unavailable why there are none (e.g. "no NVIDIA driver (libcuda.so.1 not found)"); null when there are some
 */
public record CudaDevices(List<GpuDevice> devices, String unavailable) {
    private static final String CUDART_CLASS = "org/bytedeco/cuda/global/cudart.class";

    public CudaDevices {
        devices = List.copyOf(devices);
        if (devices.isEmpty() && unavailable == null) {
            unavailable = "no CUDA device visible";
        }
    }

    /** No devices, for the given reason. */
    public static CudaDevices none(String why) {
        return new CudaDevices(List.of(), why);
    }

    /**
     * Asks the CUDA runtime (through JavaCPP's bindings, the ones ND4J's CUDA backend uses) for the visible devices,
     * their names and compute capabilities. Launches no kernel, so it works on GPUs the build cannot run on. Needs
     * {@code org.bytedeco.javacpp.platform.extension} settled first: this loads JavaCPP, which reads it once.
     */
    public static CudaDevices probe() {
        if (CudaDevices.class.getClassLoader().getResource(CUDART_CLASS) == null) {
            return none("no CUDA runtime bindings on the classpath (CPU build)");
        }
        return CudartDevices.query();
    }

    /** True when at least one device is visible. */
    public boolean any() {
        return !devices.isEmpty();
    }
}
