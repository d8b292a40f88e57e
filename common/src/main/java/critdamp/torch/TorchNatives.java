package critdamp.torch;

import critdamp.gpu.CudaNatives;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Loader;

/**
 * libtorch's native libraries in this JVM (the JavaCPP presets {@code org.bytedeco:pytorch}): loaded once, the safe
 * way, and described for run records. Call {@link #load()} before the first libtorch call of a JVM (the engine and
 * {@link TorchThreads} do).
 *
 * <p><b>Why not let JavaCPP load on first use.</b> On a fresh JavaCPP cache, JavaCPP extracts and loads the presets'
 * libraries one by one, and loads the stub {@code libtorch.so} before {@code libtorch_cpu.so} is extracted beside
 * it; the dynamic linker then takes {@code libtorch_cpu.so} from the system where one is installed (Debian's
 * {@code libtorch-dev}, a PyTorch image): another libtorch version in the process, and the JVM crashed (SIGSEGV in
 * {@code pthread_mutex_lock}) on every first run. So {@link #load()} first extracts the whole native folder of the
 * build JavaCPP will pick, then loads.
 *
 * <p><b>One OpenMP runtime.</b> libtorch and nd4j-native each ship a {@code libgomp.so.1}. Both presets preload it
 * under the same JavaCPP name ({@code gomp@.1}), so JavaCPP loads whichever is asked for first and skips the other,
 * and the second library binds to the first's by soname: one runtime, in either order (both export the same symbol
 * versions, up to GOMP_5.0.1 / OMP_5.0.1). {@link OpenMpRuntimes} checks it.
 */
public final class TorchNatives {
    /** JavaCPP's native-build selector, a {@code :}-separated list of suffixes ({@code -gpu}: the CUDA build). */
    static final String PLATFORM_EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    private static String jniLibrary;

    private TorchNatives() {
    }

    /**
     * Loads libtorch and its JNI library once per JVM; later calls return at once.
     *
     * @return the path of the loaded JNI library ({@code .../linux-x86_64[-gpu]/libjnitorch.so})
     * @throws UncheckedIOException when the native folder cannot be extracted into JavaCPP's cache
     */
    public static synchronized String load() {
        if (jniLibrary == null) {
            String build = nativeBuild(Loader.getPlatform(), System.getProperty(PLATFORM_EXTENSION_PROPERTY));
            String folder = folder(build);
            try {
                File[] extracted = Loader.cacheResources(TorchNatives.class, folder);
                if (extracted == null || extracted.length == 0) {
                    throw new IllegalStateException("libtorch's native build is not on the classpath: add"
                            + " org.bytedeco:pytorch with classifier " + build);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot extract libtorch's native libraries " + folder
                        + " into JavaCPP's cache", e);
            }
            jniLibrary = Loader.load(org.bytedeco.pytorch.global.torch.class);
        }
        return jniLibrary;
    }

    /**
     * The presets' native build JavaCPP will load, e.g. {@code linux-x86_64}: the CUDA build ({@code -gpu}) where the
     * extension list names it and it is on the classpath, the CPU build otherwise.
     */
    static String nativeBuild(String platform, String extensions) {
        List<String> listed = new ArrayList<>();
        if (extensions != null) {
            for (String e : extensions.split(":")) {
                listed.add(e.trim());
            }
        }
        String gpu = platform + CudaNatives.TORCH_GPU_EXTENSION;
        boolean gpuOnClasspath = TorchNatives.class.getResource(folder(gpu) + "libjnitorch.so") != null;
        return listed.contains(CudaNatives.TORCH_GPU_EXTENSION) && gpuOnClasspath ? gpu : platform;
    }

    private static String folder(String build) {
        return "/org/bytedeco/pytorch/" + build + "/";
    }

    /**
     * What is loaded, for run records (run folder, executors.json), e.g.
     * {@code libtorch 2.10.0 (org.bytedeco:pytorch 2.10.0-1.5.13, linux-x86_64)}; loads it first.
     */
    public static String describe() {
        String jni = load();
        String build = new File(jni).getParentFile().getName();
        String presets = presetsVersion();
        String libtorch = presets.contains("-") ? presets.substring(0, presets.indexOf('-')) : presets;
        return "libtorch " + libtorch + " (org.bytedeco:pytorch " + presets + ", " + build + ")";
    }

    /** The presets' version, {@code <libtorch>-<javacpp>}, from the jar's Maven metadata; "unknown" without it. */
    static String presetsVersion() {
        try {
            String v = Loader.getVersion("org.bytedeco", "pytorch", TorchNatives.class);
            return v == null ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
