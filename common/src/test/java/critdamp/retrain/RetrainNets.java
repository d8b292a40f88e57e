package critdamp.retrain;

import critdamp.attribution.TinyNets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A tiny conv net with two batch-norm layers and a learnable synthetic task (the class is the bright quadrant of a
 * 3x8x8 image) for retraining tests.
 */
final class RetrainNets {
    static final int CLASSES = TinyNets.CLASSES;

    private RetrainNets() {
    }

    /** conv1(3->6) - bn1 - maxpool - conv2(6->8) - bn2 - fc(16) - out(4), on 3x8x8 inputs, weight decay 1e-4. */
    static ComputationGraph convNet(long seed, DataType dtype) {
        return convNet(seed, dtype, 1e-4);
    }

    /** {@link #convNet(long, DataType)} with the given weight decay (0: none). */
    static ComputationGraph convNet(long seed, DataType dtype, double weightDecay) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder().seed(seed).dataType(dtype)
                .updater(new Adam(0.01)).weightInit(WeightInit.RELU).activation(Activation.RELU)
                .convolutionMode(ConvolutionMode.Same);
        if (weightDecay > 0) {
            b.weightDecay(weightDecay);
        }
        ComputationGraphConfiguration.GraphBuilder g = b.graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(8, 8, 3))
                .addLayer("conv1", new ConvolutionLayer.Builder(3, 3).nOut(6).build(), "in")
                .addLayer("bn1", new BatchNormalization.Builder().build(), "conv1")
                .addLayer("pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
                        .stride(2, 2).build(), "bn1")
                .addLayer("conv2", new ConvolutionLayer.Builder(3, 3).nOut(8).build(), "pool")
                .addLayer("bn2", new BatchNormalization.Builder().build(), "conv2")
                .addLayer("fc", new DenseLayer.Builder().nOut(16).build(), "bn2")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build(), "fc")
                .setOutputs("out");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    /** Examples whose class is the bright quadrant ({@link TinyNets#quadrants}); 4 classes, 3x8x8 inputs. */
    static List<DataSet> quadrants(int examples, int batchSize, double noise, long seed, DataType dtype) {
        return TinyNets.quadrants(examples, batchSize, noise, seed, dtype);
    }

    /** A resettable iterator over the given minibatches, in order. */
    static ListDataSetIterator<DataSet> iterator(List<DataSet> batches) {
        return new ListDataSetIterator<>(batches, 1);
    }

    static void train(ComputationGraph net, List<DataSet> batches, int epochs) {
        for (int e = 0; e < epochs; e++) {
            for (DataSet b : batches) {
                net.fit(b);
            }
        }
    }

    /**
     * Every parameter array as exact doubles (float to double is exact), keyed "layer/param", BN running statistics
     * included. Compare values with {@link java.util.Arrays#equals(double[], double[])}: bit for bit.
     */
    static Map<String, double[]> snapshot(ComputationGraph net) {
        Map<String, double[]> out = new TreeMap<>();
        for (Layer layer : net.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            for (Map.Entry<String, INDArray> p : layer.paramTable().entrySet()) {
                out.put(name + "/" + p.getKey(), p.getValue().castTo(DataType.DOUBLE).dup('c').data().asDouble());
            }
        }
        return out;
    }

    /** Keys of {@code a} whose arrays differ from {@code b}'s in any bit (both must have the same keys). */
    static Set<String> changed(Map<String, double[]> a, Map<String, double[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            throw new AssertionError("different parameters: " + a.keySet() + " vs " + b.keySet());
        }
        Set<String> out = new TreeSet<>();
        for (String k : a.keySet()) {
            if (!Arrays.equals(a.get(k), b.get(k))) {
                out.add(k);
            }
        }
        return out;
    }

    /** Mean score over the batches, in inference mode. */
    static double meanLoss(ComputationGraph net, List<DataSet> batches) {
        double sum = 0;
        long n = 0;
        for (DataSet b : batches) {
            sum += net.score(b, false) * b.numExamples();
            n += b.numExamples();
        }
        return sum / n;
    }
}
