package critdamp.retrain;

import java.util.List;

import critdamp.config.RetrainingProtocol;

/**
 * Chooses the retraining protocol from the grid on the validation split only: the protocol under which the all-layers
 * arm reaches the highest validation accuracy, the first in grid order on a tie. The all-layers arm retrains every
 * group, so no selection enters the choice: it cannot favour the targeted arm over the random ones, and the test set
 * never enters it.
 */
public final class ProtocolChoice {
    private ProtocolChoice() {
    }

    /**
     * @param trials the all-layers arm's results, one per grid point, in grid order
     * @throws IllegalArgumentException for no trials or a trial of another arm
     */
    public static RetrainingProtocol best(List<ArmResult> trials) {
        if (trials.isEmpty()) {
            throw new IllegalArgumentException("no protocol trials to choose from");
        }
        ArmResult best = null;
        for (ArmResult t : trials) {
            if (t.arm() != ArmKind.ALL_LAYERS) {
                throw new IllegalArgumentException("protocol trial " + t.name() + " is not an all-layers arm");
            }
            if (best == null || t.validationAfter() > best.validationAfter()) {
                best = t;
            }
        }
        return best.protocol();
    }
}
