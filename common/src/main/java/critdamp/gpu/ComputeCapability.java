package critdamp.gpu;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CUDA compute capability, e.g. 8.6 (A10) or 9.0 (H100/H200): what a GPU's cores understand, and what a cubin is
 * built for ({@code sm_86}).
 */
public record ComputeCapability(int major, int minor) implements Comparable<ComputeCapability> {
    private static final Pattern DOTTED = Pattern.compile("\\s*(\\d+)\\.(\\d)\\s*");

    public ComputeCapability {
        if (major < 1 || minor < 0 || minor > 9) {
            throw new IllegalArgumentException("not a compute capability: " + major + "." + minor);
        }
    }

    /** Parses "8.6" (nvidia-smi's {@code compute_cap}). */
    public static ComputeCapability parse(String text) {
        Matcher m = DOTTED.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a compute capability (want e.g. 8.6): '" + text + "'");
        }
        return new ComputeCapability(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** The capability of an {@code sm_XY} cubin / {@code compute_XY} PTX arch number (e.g. 86 -> 8.6). */
    public static ComputeCapability ofArch(int arch) {
        return new ComputeCapability(arch / 10, arch % 10);
    }

    /** The arch name a cubin for this capability carries, e.g. "sm_86". */
    public String sm() {
        return "sm_" + major + minor;
    }

    @Override
    public int compareTo(ComputeCapability o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
