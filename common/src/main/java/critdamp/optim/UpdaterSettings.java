package critdamp.optim;

import critdamp.optim.HeavyBallSgd;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.FixedSchedule;

import java.util.Map;

/**
 * Pins the learning rate and momentum the driver computed for a round into every layer's updater configuration: the
 * one way alpha and mu reach an updater ({@link UpdaterFactory} builds updaters at rest).
 *
 * <p>The configuration travels to the workers with the round's parameters (DL4J broadcasts it at each fit), so every
 * worker applies exactly these values for the whole round, whatever its local iteration counter says. The driver's
 * own updater instances hold the same config objects, so they see the values too.
 */
public final class UpdaterSettings {
    private UpdaterSettings() {
    }

    /**
     * Sets alpha, and mu, on every trainable layer of {@code model}; frozen layers ({@link FrozenUpdater#isFrozen})
     * are left as they are.
     *
     * @param mu the round's momentum, NaN where the optimizer takes none ({@code OptimizerKind.takesMomentum}); an
     *           updater with a momentum needs a number, one without (Adam, SGD) needs NaN, so a mu is never
     *           recorded that no updater applies
     * @throws IllegalArgumentException when mu and a layer's updater disagree on whether there is a momentum
     */
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
        if (updater == null || updater instanceof NoOp) {
            return;
        }
        if (updater instanceof HeavyBallSgd h) {
            h.pin(alpha, momentum(mu, updater, layer));
        } else if (updater instanceof Nesterovs n) {
            n.setLearningRateSchedule(new FixedSchedule(alpha));
            n.setMomentumISchedule(new FixedSchedule(momentum(mu, updater, layer)));
        } else if (updater instanceof Adam a) {
            noMomentum(mu, updater, layer);
            a.setLearningRateSchedule(new FixedSchedule(alpha));
        } else if (updater instanceof Sgd s) {
            noMomentum(mu, updater, layer);
            s.setLearningRateSchedule(new FixedSchedule(alpha));
        } else {
            throw new IllegalStateException("layer " + layer + ": cannot pin schedules into updater "
                    + updater.getClass().getSimpleName());
        }
    }

    /** mu for an updater with a momentum: a number. */
    private static double momentum(double mu, IUpdater updater, String layer) {
        if (Double.isNaN(mu)) {
            throw new IllegalArgumentException("layer " + layer + ": updater " + updater.getClass().getSimpleName()
                    + " has a momentum, but no mu was given (NaN)");
        }
        return mu;
    }

    /** mu for an updater without a momentum: NaN, "not applied". */
    private static void noMomentum(double mu, IUpdater updater, String layer) {
        if (!Double.isNaN(mu)) {
            throw new IllegalArgumentException("layer " + layer + ": updater " + updater.getClass().getSimpleName()
                    + " has no momentum, but mu = " + mu + " was given");
        }
    }
}
