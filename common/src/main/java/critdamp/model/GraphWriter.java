package critdamp.model;

import critdamp.optim.WeightDecay;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Writes the layers shared by all critdamp networks into a DL4J graph, one named vertex per call, each method returning
 * the vertex name for the next one to take as input. Fixes what every network here has in common: float32, NCHW input
 * (activations in the graph's {@link ActivationFormat}: a channels-last graph permutes its input in the first layer),
 * {@link WorkspaceMode#ENABLED} (4-5x faster than NONE), He initialisation, bias-free convolutions (batch norm
 * follows each), PyTorch-style explicit padding ({@link ConvolutionMode#Truncate} with {@code padding = kernel / 2}, so
 * a 3x3 stride-2 convolution maps 32x32 to 16x16 exactly as {@code nn.Conv2d(padding=1)} does).
 */
final class GraphWriter {
    /** Name of the graph's single input. */
    static final String INPUT = "input";

    private final GraphBuilder graph;
    private final ActivationFormat format;

    GraphWriter(InputShape in, IUpdater updater, long seed, WeightDecay decay, ActivationFormat format) {
        this.format = format;
        NeuralNetConfiguration.Builder base = seededBuilder(seed)
                .dataType(DataType.FLOAT)
                .updater(updater)
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Truncate)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED);
        if (decay.enabled()) {
            base.l2(decay.coefficient());
        }
        graph = base.graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(in.height(), in.width(), in.channels()));
    }

    /**
     * A configuration builder holding {@code weightSeed}, set on its field: {@code Builder.seed()} also seeds ND4J's
     * global generator, which loads ND4J's native backend, and a configuration alone (its JSON, its sizes) needs
     * none. The weights are drawn from the seed all the same: {@code ComputationGraph.init} seeds the generator from
     * the configuration's seed just before it draws them.
     */
    private static NeuralNetConfiguration.Builder seededBuilder(long weightSeed) {
        return new NeuralNetConfiguration.Builder() {
            {
                seed = weightSeed; // the inherited field
            }
        };
    }

    /** kxk convolution, no bias, identity activation, padding k/2; on the graph's input, it permutes it if NHWC. */
    String conv(String name, String input, int nOut, int kernel, int stride) {
        ConvolutionLayer.Builder conv = new ConvolutionLayer.Builder(kernel, kernel)
                .stride(stride, stride)
                .padding(kernel / 2, kernel / 2)
                .nOut(nOut)
                .hasBias(false)
                .activation(Activation.IDENTITY);
        if (format == ActivationFormat.NHWC) {
            conv.dataFormat(format.dl4j());
            if (input.equals(INPUT)) {
                graph.inputPreProcessor(name, new NchwToNhwc());
            }
        }
        graph.addLayer(name, conv.build(), input);
        return name;
    }

    /** Batch normalisation over channels (eps 1e-5, running-average decay 0.9 = PyTorch momentum 0.1). */
    String batchNorm(String name, String input) {
        BatchNormalization.Builder bn = new BatchNormalization.Builder().eps(1e-5).decay(0.9);
        if (format == ActivationFormat.NHWC) {
            bn.dataFormat(format.dl4j());
        }
        graph.addLayer(name, bn.build(), input);
        return name;
    }

    String relu(String name, String input) {
        graph.addLayer(name, new ActivationLayer.Builder().activation(Activation.RELU).build(), input);
        return name;
    }

    /** conv -> batch norm -> ReLU, named {@code prefix + "conv" + suffix}, {@code "bn"}, {@code "relu"}. */
    String convBnRelu(String prefix, String suffix, String input, int nOut, int stride) {
        String c = conv(prefix + "conv" + suffix, input, nOut, 3, stride);
        String b = batchNorm(prefix + "bn" + suffix, c);
        return relu(prefix + "relu" + suffix, b);
    }

    /** kxk max pooling with stride k (no padding). */
    String maxPool(String name, String input, int kernel) {
        graph.addLayer(name, maxPooling(kernel, kernel), input);
        return name;
    }

    /** Keeps every {@code stride}-th row and column: {@code x[:, :, ::s, ::s]} (a 1x1 max pool with that stride). */
    String strideSelect(String name, String input, int stride) {
        graph.addLayer(name, maxPooling(1, stride), input);
        return name;
    }

    private SubsamplingLayer maxPooling(int kernel, int stride) {
        SubsamplingLayer.Builder pool = new SubsamplingLayer.Builder(PoolingType.MAX)
                .kernelSize(kernel, kernel)
                .stride(stride, stride);
        if (format == ActivationFormat.NHWC) {
            pool.dataFormat(format.dl4j());
        }
        return pool.build();
    }

    /** Multiplies by a constant. */
    String scale(String name, String input, double factor) {
        graph.addVertex(name, new ScaleVertex(factor), input);
        return name;
    }

    /** Concatenates along the channel axis (the last one in NHWC). */
    String concatChannels(String name, String... inputs) {
        MergeVertex merge = new MergeVertex();
        if (format == ActivationFormat.NHWC) {
            merge.setMergeAxis(3);
        }
        graph.addVertex(name, merge, inputs);
        return name;
    }

    /** Element-wise sum (the residual addition). */
    String add(String name, String a, String b) {
        graph.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), a, b);
        return name;
    }

    /** Global average pooling: [N, C, H, W] (or [N, H, W, C]) -> [N, C]. */
    String globalAvgPool(String name, String input) {
        GlobalPoolingLayer.Builder pool = new GlobalPoolingLayer.Builder(PoolingType.AVG);
        if (format == ActivationFormat.NHWC) {
            pool.poolingDimensions(1, 2);
        }
        graph.addLayer(name, pool.build(), input);
        return name;
    }

    /** Dense softmax output with cross-entropy (negative log-likelihood) loss; Xavier init, as for a linear classifier. */
    String softmaxOutput(String name, String input, int numClasses) {
        graph.addLayer(name, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(numClasses)
                .activation(Activation.SOFTMAX)
                .weightInit(WeightInit.XAVIER)
                .build(), input);
        graph.setOutputs(name);
        return name;
    }

    ComputationGraphConfiguration build() {
        return graph.build();
    }
}
