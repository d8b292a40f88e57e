package critdamp.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** A tiny float64 graph (4 -> 5 tanh -> 3 softmax) and random minibatches for updater tests. */
final class Dl4jNets {
    private Dl4jNets() {
    }

    static ComputationGraphConfiguration config(IUpdater updater, long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE).updater(updater)
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in")
                .addLayer("hidden", new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.TANH).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "hidden")
                .setOutputs("out").build();
    }

    static ComputationGraph graph(IUpdater updater, long seed) {
        ComputationGraph g = new ComputationGraph(config(updater, seed));
        g.init();
        return g;
    }

    /** {@code batches} minibatches of {@code size} examples with random features and one-hot labels. */
    static List<DataSet> data(int batches, int size, long seed) {
        Random rnd = new Random(seed);
        List<DataSet> out = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            double[] f = new double[size * 4];
            double[] l = new double[size * 3];
            for (int i = 0; i < f.length; i++) {
                f[i] = rnd.nextGaussian();
            }
            for (int e = 0; e < size; e++) {
                l[e * 3 + rnd.nextInt(3)] = 1;
            }
            out.add(new DataSet(Nd4j.create(f, new long[] {size, 4}, DataType.DOUBLE),
                    Nd4j.create(l, new long[] {size, 3}, DataType.DOUBLE)));
        }
        return out;
    }
}
