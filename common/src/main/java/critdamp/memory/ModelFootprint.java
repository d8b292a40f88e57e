package critdamp.memory;

import java.util.Map;

import critdamp.model.InputShape;
import critdamp.model.ModelKind;
import critdamp.model.Models;
import critdamp.optim.WeightDecay;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The sizes of a network that memory depends on, read from its DL4J configuration alone (no arrays, no native
 * library): the parameter count as DL4J stores it (batch-norm running statistics included) and the activations one
 * example produces, summed over every vertex (what a forward pass writes and backpropagation reads back).
 *
 * @param params                  values in DL4J's parameter vector
 * @param activationsPerExample   output values of all vertices for one example
 */
public record ModelFootprint(long params, long activationsPerExample) {
    /** The footprint of {@code kind} for inputs of shape {@code in} and {@code classes} outputs. */
    public static ModelFootprint of(ModelKind kind, InputShape in, int classes) {
        ComputationGraphConfiguration conf = Models.configuration(kind, in, classes, new Sgd(), 0L, WeightDecay.NONE);
        long params = 0;
        for (GraphVertex v : conf.getVertices().values()) {
            params += v.numParams(true);
        }
        long activations = 0;
        Map<String, InputType> types = conf.getLayerActivationTypes(
                InputType.convolutional(in.height(), in.width(), in.channels()));
        for (Map.Entry<String, InputType> e : types.entrySet()) {
            if (conf.getVertices().containsKey(e.getKey())) { // the network input is data, not an activation
                activations += e.getValue().arrayElementsPerExample();
            }
        }
        return new ModelFootprint(params, activations);
    }
}
