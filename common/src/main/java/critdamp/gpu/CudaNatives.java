package critdamp.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the CUDA backend and its native build sit on the classpath, and the JavaCPP setting that makes it load.
 *
 * <p>JavaCPP picks a native build by {@value #PLATFORM_EXTENSION_PROPERTY}, a {@code :}-separated list it tries in
 * order, then the plain platform folder (checked with JavaCPP 1.5.7's {@code Loader.findLibrary}). nd4j-native's
 * oneDNN build lives under {@code linux-x86_64-onednn-avx2/}, nd4j-cuda's cuDNN build under
 * {@code linux-x86_64-cudnn/}: with {@code -onednn-avx2} alone the CUDA backend finds no native library at all (the
 * {@code -Pcuda} build ships only the cuDNN one), and with the plain CUDA jar it would silently load the build without
 * cuDNN. So a JVM that may use either backend needs both, e.g. {@code -onednn-avx2:-cudnn}.
 *
 * <p>libtorch's CUDA build (the JavaCPP presets' {@code linux-x86_64-gpu} classifier, {@code -Pcuda}) is chosen the
 * same way, by {@value #TORCH_GPU_EXTENSION} in that list; no other native build on the classpath has that suffix.
 */
public final class CudaNatives {
    /** JavaCPP's native-build selector (same as {@code FastCpuPath.PLATFORM_EXTENSION_PROPERTY}). */
    public static final String PLATFORM_EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    static final String BACKEND_CLASS = "org/nd4j/linalg/jcublas/JCublasBackend.class";
    private static final String JNI_RESOURCE = "org/nd4j/linalg/jcublas/bindings/linux-x86_64%s/libjnind4jcuda.so";
    /** The suffix of libtorch's CUDA build ({@code org.bytedeco:pytorch:...:linux-x86_64-gpu}). */
    public static final String TORCH_GPU_EXTENSION = "-gpu";
    static final String TORCH_GPU_RESOURCE = "org/bytedeco/pytorch/linux-x86_64" + TORCH_GPU_EXTENSION
            + "/libjnitorch.so";

    private CudaNatives() {
    }

    /** True when ND4J's CUDA backend (nd4j-cuda) is on the classpath: the {@code -Pcuda} build. */
    public static boolean backendOnClasspath() {
        return resource(BACKEND_CLASS);
    }

    /** True when libtorch's CUDA build is on the classpath: the {@code -Pcuda} build. */
    public static boolean torchGpuBuildOnClasspath() {
        return resource(TORCH_GPU_RESOURCE);
    }

    /** The suffix of the CUDA native build on the classpath ("-cudnn", or "" for the plain one); empty if none. */
    public static Optional<String> extensionOnClasspath() {
        for (String ext : List.of("-cudnn", "")) {
            if (resource(String.format(JNI_RESOURCE, ext))) {
                return Optional.of(ext);
            }
        }
        return Optional.empty();
    }

    /**
     * {@code extensions} (JavaCPP's list, may be null or empty) with the CUDA build's suffix appended when that build
     * is on the classpath and not listed yet; unchanged otherwise.
     */
    public static String withCudaExtension(String extensions) {
        return withExtension(extensions, extensionOnClasspath().orElse(""));
    }

    /** {@code extensions} (JavaCPP's list, may be null or empty) with {@code cudaExt} appended once; "" adds none. */
    static String withExtension(String extensions, String cudaExt) {
        List<String> list = new ArrayList<>();
        if (extensions != null) {
            for (String e : extensions.split(":")) {
                if (!e.isBlank()) {
                    list.add(e.trim());
                }
            }
        }
        if (!cudaExt.isEmpty() && !list.contains(cudaExt)) {
            list.add(cudaExt);
        }
        return String.join(":", list);
    }

    private static boolean resource(String name) {
        return CudaNatives.class.getClassLoader().getResource(name) != null;
    }
}
