package critdamp.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Floating-point work of one image's forward pass through a DL4J {@link ComputationGraph}, counted from its layer
 * configurations, so throughput (images/s) can be turned into achieved FLOP/s and compared with the machine's peak.
 *
 * <p>Convention (the usual one in papers and in fvcore/ptflops-style counters, times two):
 * <ul>
 *   <li>convolution: {@code 2 * kH * kW * Cin * Cout * Hout * Wout} (one multiply and one add per weight use; bias
 *       adds, if any, go to the element-wise count);</li>
 *   <li>dense (incl. the output layer): {@code 2 * in * out};</li>
 *   <li>batch norm, activations, pooling, residual additions, scaling: <em>element-wise</em> operations, counted
 *       separately as elements touched (pooling: window elements per output) and never mixed into the
 *       multiply-add total — they are memory-bound, not FLOP-bound;</li>
 *   <li>training = 3 x forward multiply-add FLOPs (backward computes the input gradient and the weight gradient,
 *       each about one forward's worth).</li>
 * </ul>
 *
 * @param layers      per-vertex counts in topological order (vertices with no work are left out)
 * @param convFlops   forward convolution FLOPs per image
 * @param denseFlops  forward dense FLOPs per image
 * @param elementwise forward element-wise operations per image (BN, activation, pooling, add, scale)
 */
public record FlopCount(List<LayerFlops> layers, long convFlops, long denseFlops, long elementwise) {
    /** Backward costs about twice the forward: training = this factor x forward multiply-add FLOPs. */
    public static final int TRAINING_FACTOR = 3;

    public FlopCount {
        layers = List.copyOf(layers);
    }

    /**
     * One vertex's share.
     *
     * @param name        vertex name
     * @param kind        "conv", "dense", "batchnorm", "activation", "pool", "globalpool", "add", "scale"
     * @param macFlops    multiply-add FLOPs per image (conv and dense only)
     * @param elementwise element-wise operations per image
     */
    public record LayerFlops(String name, String kind, long macFlops, long elementwise) {
    }

    /** Counts a built single-input graph fed images of shape {@code in}. */
    public static FlopCount of(ComputationGraph graph, InputShape in) {
        return of(graph.getConfiguration(), in);
    }

    /** Counts a single-input configuration fed images of shape {@code in} (NCHW). */
    public static FlopCount of(ComputationGraphConfiguration conf, InputShape in) {
        Objects.requireNonNull(conf, "conf");
        Objects.requireNonNull(in, "in");
        if (conf.getNetworkInputs().size() != 1) {
            throw new IllegalArgumentException("need a single-input graph, got inputs " + conf.getNetworkInputs());
        }
        InputType input = InputType.convolutional(in.height(), in.width(), in.channels());
        Map<String, InputType> out = new HashMap<>(conf.getLayerActivationTypes(input));
        out.putIfAbsent(conf.getNetworkInputs().get(0), input);
        List<LayerFlops> layers = new ArrayList<>();
        long conv = 0;
        long dense = 0;
        long elem = 0;
        for (String name : topologicalOrder(conf)) {
            GraphVertex v = conf.getVertices().get(name);
            if (v == null) {
                continue; // a network input
            }
            List<String> sources = conf.getVertexInputs().get(name);
            LayerFlops f = count(name, v, out.get(sources.get(0)), out.get(name), sources.size());
            if (f == null) {
                continue;
            }
            layers.add(f);
            if (f.kind().equals("conv")) {
                conv += f.macFlops();
            } else {
                dense += f.macFlops();
            }
            elem += f.elementwise();
        }
        return new FlopCount(layers, conv, dense, elem);
    }

    /** Kahn's algorithm over the vertex inputs, ties broken by name so the order is stable. */
    private static List<String> topologicalOrder(ComputationGraphConfiguration conf) {
        Map<String, List<String>> inputs = conf.getVertexInputs();
        Set<String> done = new HashSet<>(conf.getNetworkInputs());
        List<String> order = new ArrayList<>();
        TreeSet<String> pending = new TreeSet<>(conf.getVertices().keySet());
        while (!pending.isEmpty()) {
            String next = pending.stream().filter(n -> done.containsAll(inputs.getOrDefault(n, List.of())))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("graph has a cycle"));
            pending.remove(next);
            done.add(next);
            order.add(next);
        }
        return order;
    }

    private static LayerFlops count(String name, GraphVertex v, InputType in, InputType out, int fanIn) {
        long outElems = out.arrayElementsPerExample();
        if (v instanceof ElementWiseVertex) {
            return new LayerFlops(name, "add", 0, (fanIn - 1) * outElems);
        }
        if (v instanceof ScaleVertex) {
            return new LayerFlops(name, "scale", 0, outElems);
        }
        if (!(v instanceof LayerVertex lv)) {
            return null; // merge/concatenation: data movement only
        }
        Layer layer = lv.getLayerConf().getLayer();
        if (layer instanceof ConvolutionLayer c) {
            InputType.InputTypeConvolutional o = (InputType.InputTypeConvolutional) out;
            int[] k = c.getKernelSize();
            long mac = 2L * k[0] * k[1] * c.getNIn() * c.getNOut() * o.getHeight() * o.getWidth();
            return new LayerFlops(name, "conv", mac, c.hasBias() ? outElems : 0);
        }
        if (layer instanceof SubsamplingLayer s) {
            int[] k = s.getKernelSize();
            return new LayerFlops(name, "pool", 0, (long) k[0] * k[1] * outElems);
        }
        if (layer instanceof GlobalPoolingLayer) {
            return new LayerFlops(name, "globalpool", 0, in.arrayElementsPerExample());
        }
        if (layer instanceof BatchNormalization) {
            return new LayerFlops(name, "batchnorm", 0, outElems);
        }
        if (layer instanceof ActivationLayer) {
            return new LayerFlops(name, "activation", 0, outElems);
        }
        if (layer instanceof FeedForwardLayer ff) {
            boolean bias = ff instanceof DenseLayer dl ? dl.hasBias() : !(ff instanceof BaseOutputLayer bo) || bo.hasBias();
            return new LayerFlops(name, "dense", 2L * ff.getNIn() * ff.getNOut(), bias ? ff.getNOut() : 0);
        }
        return null;
    }

    /** Forward multiply-add FLOPs per image: convolutions plus dense layers. */
    public long forwardFlops() {
        return convFlops + denseFlops;
    }

    /** Training FLOPs per image: {@value #TRAINING_FACTOR} x {@link #forwardFlops()}. */
    public long trainingFlops() {
        return TRAINING_FACTOR * forwardFlops();
    }
}
