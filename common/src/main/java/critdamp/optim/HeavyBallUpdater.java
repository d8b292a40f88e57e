package critdamp.optim;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * The heavy-ball step of {@link HeavyBallSgd} on one block of parameters; its state is the velocity v.
 *
 * <p>DL4J convention: {@link #applyUpdater} turns the gradient array, in place, into the update that DL4J then
 * <em>subtracts</em> from the parameters. Heavy ball adds v to theta, so the update written is -v:
 * <pre>
 *   v      <- mu * v - alpha * g
 *   update  = -v            (theta - update = theta + v)
 * </pre>
 */
public final class HeavyBallUpdater implements GradientUpdater<HeavyBallSgd> {
    /** The state key, as in DL4J's {@code NesterovsUpdater}. */
    public static final String V_STATE = "V";

    private final HeavyBallSgd config;
    private INDArray v;
    private char gradientReshapeOrder = 'c';

    public HeavyBallUpdater(HeavyBallSgd config) {
        this.config = config;
    }

    @Override
    public HeavyBallSgd getConfig() {
        return config;
    }

    @Override
    public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        if (stateMap == null || stateMap.size() != 1 || !stateMap.containsKey(V_STATE)) {
            throw new IllegalStateException("State map should contain only key [" + V_STATE + "] but has keys "
                    + (stateMap == null ? "null" : stateMap.keySet()));
        }
        this.v = stateMap.get(V_STATE);
        if (initialize) {
            v.assign(0);
        }
    }

    @Override
    public Map<String, INDArray> getState() {
        return Collections.singletonMap(V_STATE, v);
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        if (!viewArray.isRowVectorOrScalar()) {
            throw new IllegalArgumentException("Invalid input: expect row vector input, got shape "
                    + Arrays.toString(viewArray.shape()));
        }
        if (initialize) {
            viewArray.assign(0);
        }
        // v must stay a view of the updater state array (so DL4J saves and averages it): reshape without copying
        INDArray shaped = Shape.newShapeNoCopy(viewArray, gradientShape, gradientOrder == 'f');
        if (shaped == null) {
            throw new IllegalStateException("Could not reshape the updater state view to the gradient shape "
                    + Arrays.toString(gradientShape));
        }
        this.v = shaped;
        this.gradientReshapeOrder = gradientOrder;
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        if (v == null) {
            throw new IllegalStateException("Updater has not been initialized with view state");
        }
        double alpha = config.getLearningRate(iteration, epoch);
        double mu = config.currentMomentum(iteration, epoch);
        AppliedHyperparameters.record(iteration, alpha, mu);
        if (Arrays.equals(gradient.shape(), v.shape())) {
            gradient.muli(alpha);            // g <- alpha * g
            v.muli(mu).subi(gradient);       // v <- mu * v - alpha * g
            gradient.assign(v).negi();       // update = -v, subtracted by DL4J
        } else {
            if (gradient.length() != v.length()) {
                throw new IllegalArgumentException("gradient of shape " + Arrays.toString(gradient.shape())
                        + " does not match the updater state of shape " + Arrays.toString(v.shape()));
            }
            INDArray g = gradient.reshape(gradientReshapeOrder, v.shape());
            v.muli(mu).subi(g.mul(alpha));
            gradient.assign(v.neg().reshape(gradientReshapeOrder, gradient.shape()));
        }
    }
}
