package critdamp.retrain;

import java.util.Objects;

/**
 * One arm of a targeted-correction comparison as planned ({@link RetrainingArms}).
 *
 * @param kind      targeted, its data-order replicate, all layers or random layers
 * @param index     1..R for a random arm, 0 otherwise
 * @param choice    the groups to retrain, with their layers and parameter share
 * @param dataOrder which data order the arm trains with: 1 for the data-order replicate, 0 for every other arm
 */
public record RetrainingArm(ArmKind kind, int index, GroupChoice choice, int dataOrder) {
    public RetrainingArm {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(choice, "choice");
        if ((kind == ArmKind.RANDOM_LAYERS) != (index > 0) || index < 0) {
            throw new IllegalArgumentException("index = " + index + ": a random arm has an index >= 1, others 0");
        }
    }

    /** The arm's name in files, folders and console lines: the kind, and a random arm's index. */
    public String name() {
        return index > 0 ? kind.configName() + "_" + index : kind.configName();
    }
}
