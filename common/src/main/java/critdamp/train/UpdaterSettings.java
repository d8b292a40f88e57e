package critdamp.train;

import critdamp.schedule.HeavyBallSgd;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.FixedSchedule;

import java.util.Map;

/**
 * Pins the learning rate and momentum the driver computed for a round into every layer's updater configuration.
 *
 * <p>The configuration travels to the workers with the round's parameters (DL4J broadcasts it at each fit), so every
 * worker applies exactly these values for the whole round, whatever its local iteration counter says. The driver's
 * own updater instances hold the same config objects, so they see the values too.
 */
public final class UpdaterSettings {
    private UpdaterSettings() {
    }

    /** Sets alpha (and mu, where the updater has a momentum) on every layer of {@code model}. */
    public static void pin(ComputationGraph model, double alpha, double mu) {
        for (Map.Entry<String, GraphVertex> e : model.getConfiguration().getVertices().entrySet()) {
            if (!(e.getValue() instanceof LayerVertex lv)) {
                continue;
            }
            Layer layer = lv.getLayerConf().getLayer();
            // Layers frozen for targeted retraining keep their zero-rate updater: pinning would unfreeze them.
            if (layer instanceof BaseLayer base && !FrozenUpdater.isFrozen(base)) {
                pin(base.getIUpdater(), alpha, mu, e.getKey());
            }
        }
    }

    private static void pin(IUpdater updater, double alpha, double mu, String layer) {
        if (updater == null) {
            return;
        }
        if (updater instanceof HeavyBallSgd h) {
            h.pin(alpha, mu);
        } else if (updater instanceof Nesterovs n) {
            n.setLearningRateSchedule(new FixedSchedule(alpha));
            n.setMomentumISchedule(new FixedSchedule(mu));
        } else if (updater instanceof Adam a) {
            a.setLearningRateSchedule(new FixedSchedule(alpha));
        } else if (updater instanceof Sgd s) {
            s.setLearningRateSchedule(new FixedSchedule(alpha));
        } else if (!(updater instanceof org.nd4j.linalg.learning.config.NoOp)) {
            throw new IllegalStateException("layer " + layer + ": cannot pin schedules into updater "
                    + updater.getClass().getSimpleName());
        }
    }
}
