package critdamp.retrain;

import java.util.Collection;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A frozen layer's configuration whose runtime layer keeps DL4J's {@link FrozenLayerWithBackprop} (parameter layout,
 * zero parameter gradients, no-op updater, inference-mode forward) and replaces only its backward pass: built as DL4J
 * builds it, then the inner layer handed to {@link #runtime}.
 */
public abstract class FrozenWithOwnBackward extends FrozenLayerWithBackprop {
    private static final long serialVersionUID = 1L;

    protected FrozenWithOwnBackward(Layer layer) {
        super(layer);
    }

    /** The runtime layer around {@code inside}, the inner layer DL4J instantiated for this configuration. */
    protected abstract org.deeplearning4j.nn.api.Layer runtime(org.deeplearning4j.nn.api.Layer inside);

    @Override
    public final org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                             Collection<TrainingListener> trainingListeners,
                                                             int layerIndex, INDArray layerParamsView,
                                                             boolean initializeParams, DataType networkDataType) {
        org.deeplearning4j.nn.layers.FrozenLayerWithBackprop plain = (org.deeplearning4j.nn.layers.FrozenLayerWithBackprop)
                super.instantiate(conf, trainingListeners, layerIndex, layerParamsView, initializeParams,
                        networkDataType);
        return runtime(plain.getInsideLayer());
    }
}
