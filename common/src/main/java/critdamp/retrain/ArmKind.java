package critdamp.retrain;

import critdamp.base.ConfigChoice;

/** The arms of a targeted-correction comparison; written in lower case in files. */
public enum ArmKind implements ConfigChoice {
    /** The layer groups attribution flagged. */
    TARGETED,
    /** The flagged groups again, with another data order: how far net moves with the data order alone. */
    TARGETED_REPLICATE,
    /** Every group (a reference at the same protocol; also the arm the protocol is chosen on). */
    ALL_LAYERS,
    /** A random set of as many groups as the targeted arm (one of R chance controls). */
    RANDOM_LAYERS;
}
