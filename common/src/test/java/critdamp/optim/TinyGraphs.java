package critdamp.optim;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** A tiny graph (4 -> "hidden" 5 -> "out" 3) for updater tests, and its layers' updater configurations. */
final class TinyGraphs {
    private TinyGraphs() {
    }

    static ComputationGraph graph(IUpdater updater) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.DOUBLE).updater(updater).graphBuilder().addInputs("in")
                .addLayer("hidden", new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.TANH).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "hidden")
                .setOutputs("out").build());
        g.init();
        return g;
    }

    /** The updater configuration of {@code layer} (a plain, unwrapped layer). */
    static IUpdater updater(ComputationGraph g, String layer) {
        return layerConf(g, layer).getIUpdater();
    }

    static BaseLayer layerConf(ComputationGraph g, String layer) {
        return (BaseLayer) ((LayerVertex) g.getConfiguration().getVertices().get(layer)).getLayerConf().getLayer();
    }
}
