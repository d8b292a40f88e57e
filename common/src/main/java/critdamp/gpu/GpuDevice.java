package critdamp.gpu;

import java.util.Locale;

/**
 * One CUDA device as the CUDA runtime of this JVM sees it.
 *
 * @param ordinal     the CUDA runtime's device number (what ND4J's {@code AffinityManager} takes); relative to
 *                    {@code CUDA_VISIBLE_DEVICES}
 * @param name        e.g. "NVIDIA A10"
 * @param capability  its compute capability
 * @param memoryBytes total device memory (0 when unknown)
 */
public record GpuDevice(int ordinal, String name, ComputeCapability capability, long memoryBytes) {
    /** "GPU 0 (NVIDIA A10, compute capability 8.6, 22.0 GiB)" (memory left out when unknown, i.e. 0). */
    public String describe() {
        return String.format(Locale.ROOT, "GPU %d (%s, compute capability %s%s)", ordinal, name, capability,
                memoryBytes > 0 ? String.format(Locale.ROOT, ", %.1f GiB", memoryBytes / (double) (1L << 30)) : "");
    }
}
