package critdamp.retrain;

import java.util.Objects;

/**
 * One arm of a targeted-correction comparison as planned ({@link RetrainingArms}): what kind of arm it is and the
 * layers it retrains.
 *
 * @param kind   targeted, all layers or random layers
 * @param choice the layers to retrain, with their parameter share
 */
public record RetrainingArm(ArmKind kind, LayerChoice choice) {
    public RetrainingArm {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(choice, "choice");
    }

    /** The arm's name in files, folders and console lines. */
    public String name() {
        return kind.configName();
    }
}
