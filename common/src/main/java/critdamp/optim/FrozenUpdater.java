package critdamp.optim;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The updater of a frozen layer: plain SGD with a constant learning rate of 0, so the update 0 * gradient leaves every
 * parameter as it is. One definition, used where a layer is frozen for targeted retraining and where the driver pins
 * a round's alpha and mu (which must skip frozen layers: pinning would unfreeze them).
 */
public final class FrozenUpdater {
    private FrozenUpdater() {
    }

    /** A fresh zero-rate updater. */
    public static IUpdater create() {
        return new Sgd(0.0);
    }

    /** Whether {@code updater} is a zero-rate updater as made by {@link #create}. */
    public static boolean is(IUpdater updater) {
        return updater instanceof Sgd sgd && sgd.getLearningRateSchedule() == null && sgd.getLearningRate() == 0.0;
    }

    /** Whether the layer's weights, and its biases where they have their own updater, are frozen. */
    public static boolean isFrozen(BaseLayer layer) {
        return is(layer.getIUpdater()) && (layer.getBiasUpdater() == null || is(layer.getBiasUpdater()));
    }
}
