package critdamp.fastpath;

import java.util.List;

/**
 * Which DL4J layer helper each convolution, batch-norm and subsampling layer of a network holds. A layer without a
 * helper ({@link #NONE}), or whose helper failed at run time and was bypassed ({@code fallbacks > 0}), runs DL4J's
 * slow built-in Java path.
 *
 * @param nativeLibrary path of the loaded ND4J native library ({@code jnind4jcpu}), or "unknown": names the build
 *                      (e.g. {@code .../linux-x86_64-onednn-avx2/libjnind4jcpu.so})
 * @param layers        one entry per helper-capable layer, in network order
 */
public record HelperReport(String nativeLibrary, List<Entry> layers) {
    /** Helper name recorded for a layer that has none. */
    public static final String NONE = "NONE";

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

    /** True when every helper-capable layer runs its helper. */
    public boolean allFast() {
        return slowLayers().isEmpty();
    }
}
