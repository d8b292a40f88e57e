package critdamp.engine;

import critdamp.base.ConfigChoice;
import critdamp.base.EnumChoice;

/**
 * The library that trains a network ({@code engine} in a config file, {@code --set engine=torch}): written in lower
 * case, {@code dl4j} or {@code torch}. Both build the same networks, with parameters in one {@link ParameterLayout},
 * behind one {@link Engine} contract.
 */
public enum EngineKind implements ConfigChoice {
    /** DeepLearning4J 1.0.0-M2.1 with ND4J: the default. */
    DL4J,
    /** libtorch through the JavaCPP presets ({@code org.bytedeco:pytorch}). */
    TORCH;

    /** Parses a name given outside a config file, as a config value is read. */
    public static EngineKind parse(String text) {
        return EnumChoice.parse(EngineKind.class, text, "engine");
    }
}
