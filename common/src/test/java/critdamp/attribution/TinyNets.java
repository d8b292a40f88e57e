package critdamp.attribution;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Tiny networks and a learnable synthetic task (which quadrant of a 3x8x8 image is bright) for attribution tests. */
public final class TinyNets {
    public static final int CLASSES = 4;

    private TinyNets() {
    }

    /** conv1(3->6) - maxpool - conv2(6->8) - fc(16) - out(4), on 3x8x8 inputs. */
    static ComputationGraph convNet(long seed, DataType dtype, double l2, boolean batchNorm) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder().seed(seed).dataType(dtype)
                .updater(new Adam(0.01)).weightInit(WeightInit.RELU).activation(Activation.RELU)
                .convolutionMode(ConvolutionMode.Same);
        if (l2 > 0) {
            b.l2(l2);
        }
        ComputationGraphConfiguration.GraphBuilder g = b.graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(8, 8, 3))
                .addLayer("conv1", new ConvolutionLayer.Builder(3, 3).nOut(6).build(), "in");
        String prev = "conv1";
        if (batchNorm) {
            g.addLayer("bn1", new BatchNormalization.Builder().build(), "conv1");
            prev = "bn1";
        }
        g.addLayer("pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
                        .stride(2, 2).build(), prev)
                .addLayer("conv2", new ConvolutionLayer.Builder(3, 3).nOut(8).build(), "pool")
                .addLayer("fc", new DenseLayer.Builder().nOut(16).build(), "conv2")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build(), "fc")
                .setOutputs("out");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    /**
     * Examples whose class is the bright quadrant: N(0, noise) everywhere plus +1 on the quadrant of the class.
     * Returned as minibatches of {@code batchSize}.
     */
    public static List<DataSet> quadrants(int examples, int batchSize, double noise, long seed, DataType dtype) {
        Random rnd = new Random(seed);
        List<DataSet> out = new ArrayList<>();
        for (int start = 0; start < examples; start += batchSize) {
            int n = Math.min(batchSize, examples - start);
            double[] f = new double[n * 3 * 8 * 8];
            double[] l = new double[n * CLASSES];
            for (int e = 0; e < n; e++) {
                int cls = rnd.nextInt(CLASSES);
                l[e * CLASSES + cls] = 1;
                int r0 = (cls / 2) * 4;
                int c0 = (cls % 2) * 4;
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < 8; y++) {
                        for (int x = 0; x < 8; x++) {
                            boolean bright = y >= r0 && y < r0 + 4 && x >= c0 && x < c0 + 4;
                            f[((e * 3 + c) * 8 + y) * 8 + x] = rnd.nextGaussian() * noise + (bright ? 1 : 0);
                        }
                    }
                }
            }
            INDArray features = Nd4j.create(f, new long[] {n, 3, 8, 8}).castTo(dtype);
            INDArray labels = Nd4j.create(l, new long[] {n, CLASSES}).castTo(dtype);
            out.add(new DataSet(features, labels));
        }
        return out;
    }

    /** All minibatches merged into one DataSet. */
    static DataSet merged(List<DataSet> batches) {
        return DataSet.merge(batches);
    }

    /** Trains {@code epochs} passes over {@code batches}. */
    static void train(ComputationGraph net, List<DataSet> batches, int epochs) {
        for (int e = 0; e < epochs; e++) {
            for (DataSet b : batches) {
                net.fit(b);
            }
        }
    }

    /** Permutes the weight matrix "W" of {@code layer} in place with a fixed seed (bias untouched). */
    static void scrambleWeights(ComputationGraph net, String layer, long seed) {
        INDArray w = net.getLayer(layer).getParam("W");
        double[] v = w.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        Random rnd = new Random(seed);
        for (int i = v.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            double t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        w.assign(Nd4j.create(v, w.shape(), 'c').castTo(w.dataType()));
    }
}
