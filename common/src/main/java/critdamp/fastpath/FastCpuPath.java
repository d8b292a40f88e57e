package critdamp.fastpath;

import critdamp.gpu.BackendChoice;
import critdamp.gpu.CudaNatives;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.Loader;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DL4J's fast CPU path for conv nets, and a check that a network is on it.
 *
 * <p>Out of the box DL4J 1.0.0-M2.1 trains convolutions through a Java im2col + GEMM path and batch norm op by op; its
 * oneDNN layer helpers ({@code MKLDNNConvHelper}, {@code MKLDNNBatchNormHelper}, {@code MKLDNNSubsamplingHelper}) are
 * 7-9x faster (measured on 2 cores, batch 64, training: SMALL_CNN ~60 -> ~450 img/s, ResNet-20 ~27 -> ~250 img/s,
 * ResNet-18 ~8 -> ~40 img/s) but are off, three times over. The three fixes:
 * <ol>
 *   <li><b>System property</b> {@value #HELPERS_DISABLE_PROPERTY}{@code =false}. DL4J's {@code HelperUtils} reads it
 *       whenever a layer is created and defaults to {@code true} (no helpers).</li>
 *   <li><b>Bridge class</b> {@link org.nd4j.nativeblas.Nd4jCpu} (in this module). DL4J checks that oneDNN is enabled
 *       by reflecting on {@code org.nd4j.nativeblas.Nd4jCpu$Environment#isUseMKLDNN()}, a class ND4J M2.1 renamed;
 *       without the bridge the check fails silently and every helper is null.</li>
 *   <li><b>oneDNN native build</b>: nd4j-native's {@code linux-x86_64-onednn-avx2} classifier on the classpath and
 *       {@value #PLATFORM_EXTENSION_PROPERTY}{@code =-onednn-avx2} so JavaCPP loads it (the plain build's conv2d is
 *       slow even with helpers). JavaCPP reads the extension when ND4J's native library is <em>first loaded</em>, which
 *       happens on first use of {@code Nd4j} anywhere in the JVM: launchers, Spark executors
 *       ({@code spark.executor.extraJavaOptions}) and Surefire pass it as a {@code -D} flag;
 *       {@link #enableDefaults()} only helps if it runs before that.</li>
 * </ol>
 * Also needed: {@code WorkspaceMode.ENABLED} (NONE is ~4.7x slower) and float32 (the helpers decline other types);
 * {@link critdamp.model.Models} sets both. Helpers are attached when a layer is created, i.e. on
 * {@code ComputationGraph.init()}: properties set later do not affect an existing graph.
 *
 * <p>Separate from these: ND4J's dense products go through OpenBLAS, whose bundled 0.3.19 misdetects recent CPUs;
 * see {@link BlasCheck} for choosing {@code OPENBLAS_CORETYPE}.
 */
public final class FastCpuPath {
    /** DL4J's switch for all layer helpers; DL4J's default is "true". */
    public static final String HELPERS_DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";
    /** JavaCPP's choice of native build variant, e.g. "-onednn-avx2". */
    public static final String PLATFORM_EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    /** The extension of the native build this project ships (the nd4j-native classifier's suffix). */
    public static final String DEFAULT_PLATFORM_EXTENSION = "-onednn-avx2";

    private static final Logger LOG = LoggerFactory.getLogger(FastCpuPath.class);
    private static final String NATIVE_RESOURCE = "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64%s/libjnind4jcpu.so";

    private FastCpuPath() {
    }

    /**
     * Sets {@value #HELPERS_DISABLE_PROPERTY}=false and {@value #PLATFORM_EXTENSION_PROPERTY} (to the oneDNN build
     * found on the classpath, else {@value #DEFAULT_PLATFORM_EXTENSION}) where they are not set already; values set by
     * the user win. Then settles this JVM's ND4J backend ({@link BackendChoice#prepare()}: in the {@code -Pcuda} build,
     * CUDA where a supported GPU is visible, else the CPU; it adds the CUDA native build to the extension list, and
     * throws {@link critdamp.gpu.UnsupportedGpuException} for a GPU the build cannot run on). Call first thing in
     * {@code main}; the extension has no effect once ND4J is loaded.
     */
    public static void enableDefaults() {
        if (System.getProperty(HELPERS_DISABLE_PROPERTY) == null) {
            System.setProperty(HELPERS_DISABLE_PROPERTY, "false");
        }
        if (System.getProperty(PLATFORM_EXTENSION_PROPERTY) == null) {
            System.setProperty(PLATFORM_EXTENSION_PROPERTY, oneDnnExtensionOnClasspath());
        }
        BackendChoice.prepare();
    }

    /**
     * The same two settings as JVM options, for JVMs this one starts or asks Spark to start (executors): this JVM's
     * values where set, else the defaults of {@link #enableDefaults()}; the extension list names the CUDA native build
     * too where it is on the classpath (e.g. {@code -onednn-avx2:-cudnn}), so each backend finds its own.
     */
    public static String jvmOptions() {
        String helpers = System.getProperty(HELPERS_DISABLE_PROPERTY, "false");
        String ext = CudaNatives.withCudaExtension(
                System.getProperty(PLATFORM_EXTENSION_PROPERTY, oneDnnExtensionOnClasspath()));
        return "-D" + HELPERS_DISABLE_PROPERTY + "=" + helpers + " -D" + PLATFORM_EXTENSION_PROPERTY + "=" + ext;
    }

    /** The first oneDNN native build found on the classpath ("-onednn-avx512", "-onednn-avx2", "-onednn"). */
    static String oneDnnExtensionOnClasspath() {
        ClassLoader cl = FastCpuPath.class.getClassLoader();
        for (String ext : List.of("-onednn-avx512", "-onednn-avx2", "-onednn")) {
            if (cl.getResource(String.format(NATIVE_RESOURCE, ext)) != null) {
                return ext;
            }
        }
        return DEFAULT_PLATFORM_EXTENSION;
    }

    /** Path of the ND4J JNI library JavaCPP loaded (CPU or CUDA build), or "unknown" (ND4J not loaded yet). */
    public static String loadedNativeLibrary() {
        for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
            if (e.getKey().contains("jnind4jcpu") || e.getKey().contains("jnind4jcuda")) {
                return e.getValue();
            }
        }
        return "unknown";
    }

    /** Lists, for every convolution, batch-norm and subsampling layer (also inside wrappers such as frozen layers),
     *  the helper it holds. */
    public static HelperReport report(ComputationGraph graph) {
        List<HelperReport.Entry> entries = new ArrayList<>();
        for (int index : graph.topologicalSortOrder()) {
            var vertex = graph.getVertices()[index];
            if (!vertex.hasLayer()) {
                continue;
            }
            Layer layer = unwrap(vertex.getLayer());
            HelperReport.LayerKind kind = kindOf(layer);
            if (kind == null) {
                continue;
            }
            LayerHelper helper = layer.getHelper();
            entries.add(new HelperReport.Entry(vertex.getVertexName(), kind,
                    helper == null ? HelperReport.NONE : helper.getClass().getSimpleName(), fallbacks(layer)));
        }
        return new HelperReport(loadedNativeLibrary(), entries);
    }

    /** Logs the report: one INFO line per layer, and one WARN naming every layer on the slow path. */
    public static HelperReport logReport(ComputationGraph graph) {
        HelperReport report = report(graph);
        logReport(report);
        return report;
    }

    /** Logs a report made earlier (see {@link #logReport(ComputationGraph)}). */
    public static void logReport(HelperReport report) {
        LOG.info("ND4J native library: {}", report.nativeLibrary());
        for (HelperReport.Entry e : report.layers()) {
            LOG.info("layer {} ({}): helper {}{}", e.layer(), e.kind(), e.helper(),
                    e.fallbacks() > 0 ? ", FELL BACK " + e.fallbacks() + "x" : "");
        }
        List<HelperReport.Entry> slow = report.slowLayers();
        if (!slow.isEmpty() && report.onCuda()) {
            LOG.warn("!!! NO cuDNN HELPERS: {} of {} layers run DL4J's built-in path (on the GPU): {}. {}",
                    slow.size(), report.layers().size(), slow.stream().map(HelperReport.Entry::layer).toList(),
                    HelperReport.CUDA_HELPERS_NOTE);
        } else if (!slow.isEmpty()) {
            LOG.warn("!!! SLOW PATH: {} of {} layers run DL4J's built-in Java path instead of oneDNN: {}. "
                            + "Check -D{}=false, -D{}={}, the nd4j-native onednn classifier and the "
                            + "org.nd4j.nativeblas.Nd4jCpu bridge class (see FastCpuPath).",
                    slow.size(), report.layers().size(), slow.stream().map(HelperReport.Entry::layer).toList(),
                    HELPERS_DISABLE_PROPERTY, PLATFORM_EXTENSION_PROPERTY, DEFAULT_PLATFORM_EXTENSION);
        }
    }

    private static Layer unwrap(Layer layer) {
        while (layer instanceof BaseWrapperLayer w) {
            layer = w.getUnderlying();
        }
        return layer;
    }

    private static HelperReport.LayerKind kindOf(Layer layer) {
        if (layer instanceof ConvolutionLayer) {
            return HelperReport.LayerKind.CONVOLUTION;
        }
        if (layer instanceof BatchNormalization) {
            return HelperReport.LayerKind.BATCH_NORM;
        }
        if (layer instanceof SubsamplingLayer) {
            return HelperReport.LayerKind.SUBSAMPLING;
        }
        return null;
    }

    /** DL4J counts helper failures in a protected field {@code helperCountFail}; -1 if absent. */
    private static int fallbacks(Layer layer) {
        for (Class<?> c = layer.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField("helperCountFail");
                f.setAccessible(true);
                return f.getInt(layer);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            } catch (ReflectiveOperationException | RuntimeException e) {
                return -1;
            }
        }
        return -1;
    }
}
