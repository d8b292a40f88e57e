package critdamp.fastpath;

import java.util.List;

/**
 * Which DL4J layer helper each convolution, batch-norm and subsampling layer of a network holds. A layer without a
 * helper ({@link #NONE}), or whose helper failed at run time and was bypassed ({@code fallbacks > 0}), runs DL4J's
 * slow built-in Java path.
 *
 * @param nativeLibrary path of the loaded ND4J native library ({@code jnind4jcpu} or {@code jnind4jcuda}), or
 *                      "unknown": names the build (e.g. {@code .../linux-x86_64-onednn-avx2/libjnind4jcpu.so})
 * @param layers        one entry per helper-capable layer, in network order
 */
public record HelperReport(String nativeLibrary, List<Entry> layers) {
    /** Helper name recorded for a layer that has none. */
    public static final String NONE = "NONE";
    /**
     * Why layers on the CUDA backend hold no helper: DL4J creates its cuDNN layer helpers from
     * {@code org.deeplearning4j.cuda.*} classes, shipped in {@code deeplearning4j-cuda-11.x}, whose last release is
     * 1.0.0-M1.1 (CUDA 11.2); nothing at M2/M2.1 provides them, so every such layer runs DL4J's built-in path on the
     * GPU (im2col + cuBLAS for convolutions; op by op for batch norm).
     */
    public static final String CUDA_HELPERS_NOTE = "DL4J 1.0.0-M2.1 ships no cuDNN layer helpers (deeplearning4j-cuda"
            + " ends at 1.0.0-M1.1): convolutions run im2col + cuBLAS, batch norm op by op";

    public HelperReport {
        layers = List.copyOf(layers);
    }

    /** The kinds of layer DL4J can give a helper to. */
    public enum LayerKind { CONVOLUTION, BATCH_NORM, SUBSAMPLING }

    /**
     * @param layer     vertex/layer name
     * @param kind      layer kind
     * @param helper    simple class name of the helper (e.g. {@code MKLDNNConvHelper}) or {@link #NONE}
     * @param fallbacks times the helper threw and DL4J fell back to the built-in path (after one, DL4J stops using the
     *                  helper for that layer); -1 if it could not be read
     */
    public record Entry(String layer, LayerKind kind, String helper, int fallbacks) {
        /** True when this layer runs the helper path (an unreadable fallback count counts as none). */
        public boolean fast() {
            return !NONE.equals(helper) && fallbacks <= 0;
        }
    }

    /** The layers on DL4J's slow built-in path (no helper, or helper bypassed after a failure). */
    public List<Entry> slowLayers() {
        return layers.stream().filter(e -> !e.fast()).toList();
    }

    /** True when the report comes from ND4J's CUDA backend (its native library is the CUDA build). */
    public boolean onCuda() {
        return nativeLibrary.contains("nd4jcuda");
    }

    /** True when every helper-capable layer runs its helper. */
    public boolean allFast() {
        return slowLayers().isEmpty();
    }
}
