package critdamp.retrain;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The arms of a targeted-correction comparison; written in lower case in files. */
public enum ArmKind {
    /** The layers attribution flagged. */
    TARGETED,
    /** Every trainable layer (reference at the same budget). */
    ALL_LAYERS,
    /** Random layers of about the flagged parameter share (chance control). */
    RANDOM_LAYERS;

    @JsonCreator
    public static ArmKind parse(String text) {
        if (text != null) {
            for (ArmKind k : values()) {
                if (k.configName().equals(text.trim().toLowerCase(Locale.ROOT).replace('-', '_'))) {
                    return k;
                }
            }
        }
        throw new IllegalArgumentException("arm '" + text + "': one of targeted, all_layers, random_layers");
    }

    @JsonValue
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
