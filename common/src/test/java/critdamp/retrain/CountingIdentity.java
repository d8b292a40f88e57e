package critdamp.retrain;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A spy: an identity activation layer that counts, per layer name, how often DL4J runs its backward pass. */
class CountingIdentity extends ActivationLayer {
    private static final Map<String, AtomicInteger> BACKWARD_CALLS = new ConcurrentHashMap<>();

    CountingIdentity(String name) {
        super(Activation.IDENTITY);
        setLayerName(name);
    }

    /** Backward passes run by the layer named {@code name} since the last {@link #reset}. */
    static int backwardCalls(String name) {
        return BACKWARD_CALLS.getOrDefault(name, new AtomicInteger()).get();
    }

    static void reset() {
        BACKWARD_CALLS.clear();
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        Counting counting = new Counting(conf, networkDataType); // as ActivationLayer.instantiate does
        counting.setListeners(listeners);
        counting.setIndex(layerIndex);
        counting.setParamTable(initializer().init(conf, paramsView, initializeParams));
        return counting;
    }

    private static final class Counting extends org.deeplearning4j.nn.layers.ActivationLayer {
        Counting(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            BACKWARD_CALLS.computeIfAbsent(layerConf().getLayerName(), k -> new AtomicInteger()).incrementAndGet();
            return super.backpropGradient(epsilon, workspaceMgr);
        }
    }
}
