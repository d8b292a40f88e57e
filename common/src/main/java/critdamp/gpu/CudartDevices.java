package critdamp.gpu;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.cuda.cudart.cudaDeviceProp;
import org.bytedeco.cuda.global.cudart;

/**
 * {@link CudaDevices#probe()} through JavaCPP's CUDA runtime bindings ({@code org.bytedeco:cuda}). Loaded only where
 * those are on the classpath (the {@code -Pcuda} build); the CPU build compiles it against them but never loads it.
 */
final class CudartDevices {
    private static final int CUDA_SUCCESS = 0;

    private CudartDevices() {
    }

    static CudaDevices query() {
        try {
            int[] count = {0};
            int err = cudart.cudaGetDeviceCount(count);
            if (err != CUDA_SUCCESS) {
                return CudaDevices.none("CUDA runtime: " + errorString(err));
            }
            List<GpuDevice> devices = new ArrayList<>();
            for (int i = 0; i < count[0]; i++) {
                try (cudaDeviceProp p = new cudaDeviceProp()) {
                    err = cudart.cudaGetDeviceProperties(p, i);
                    if (err != CUDA_SUCCESS) {
                        return CudaDevices.none("CUDA runtime, properties of device " + i + ": " + errorString(err));
                    }
                    devices.add(new GpuDevice(i, p.name().getString().trim(),
                            new ComputeCapability(p.major(), p.minor()), p.totalGlobalMem()));
                }
            }
            return new CudaDevices(devices, devices.isEmpty() ? "the CUDA runtime sees no device" : null);
        } catch (LinkageError e) {
            return CudaDevices.none(missingLibrary(e));
        }
    }

    private static String errorString(int err) {
        return cudart.cudaGetErrorString(err).getString() + " (error " + err + ")";
    }

    /**
     * Why the bindings did not load, in words. JavaCPP throws "no jnicudart in java.library.path" after its last
     * attempt; the real reason (the library the JNI bridge needs) is further down the cause chain.
     */
    static String missingLibrary(Throwable e) {
        Throwable deepest = e;
        for (Throwable c = e; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage());
            if (m.contains("libcuda.so")) {
                return "no NVIDIA driver (libcuda.so.1 not found)";
            }
            if (m.contains("libcudart.so")) {
                return "no CUDA 11.x runtime (libcudart.so.11.0 not found: install CUDA 11.6, or add "
                        + "org.bytedeco:cuda:11.6-8.3-1.5.7:linux-x86_64-redist)";
            }
            deepest = c;
        }
        String m = String.valueOf(deepest.getMessage());
        int nl = m.indexOf('\n');
        return "CUDA runtime bindings failed to load: " + (nl < 0 ? m : m.substring(0, nl));
    }
}
