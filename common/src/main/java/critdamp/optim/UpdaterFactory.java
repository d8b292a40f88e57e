package critdamp.optim;

import critdamp.optim.OptimizerKind;
import critdamp.optim.HeavyBallSgd;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * The DL4J updater for a run's optimizer, built at rest: constant alpha = 0 (and mu = 0), until the Spark driver
 * {@link UpdaterSettings#pin pins} a round's alpha and mu, the one way they reach an updater. Every training path pins
 * before it fits, so the values built here are never applied. Weight decay is not part of the updater: it is a
 * regularisation on the layers ({@code critdamp.optim.WeightDecay}).
 */
public final class UpdaterFactory {
    private UpdaterFactory() {
    }

    /**
     * <ul>
     *   <li>heavy_ball: {@link HeavyBallSgd}, v = mu*v - alpha*g; theta += v;</li>
     *   <li>nesterov: DL4J's {@link Nesterovs};</li>
     *   <li>adam: DL4J's {@link Adam} with beta1 = 0.9 (beta2 = 0.999, eps = 1e-8); it takes no mu
     *   ({@link OptimizerKind#takesMomentum}).</li>
     * </ul>
     */
    public static IUpdater create(OptimizerKind kind) {
        return switch (kind) {
            case HEAVY_BALL -> new HeavyBallSgd(0.0, 0.0);
            case NESTEROV -> new Nesterovs(0.0, 0.0);
            case ADAM -> new Adam(0.0);
        };
    }
}
