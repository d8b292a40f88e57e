package critdamp.retrain;

import critdamp.base.ConfigChoice;

/** The arms of a targeted-correction comparison; written in lower case in files. */
public enum ArmKind implements ConfigChoice {
    /** The layers attribution flagged. */
    TARGETED,
    /** Every trainable layer (reference at the same budget). */
    ALL_LAYERS,
    /** Random layers of about the flagged parameter share (chance control). */
    RANDOM_LAYERS;
}
