package critdamp.bench;

import critdamp.engine.EngineKind;
import picocli.CommandLine.Option;

/** {@code --engine} of the benchmarks that run on either engine: the values of the config key {@code engine}. */
final class EngineOption {
    @Option(names = "--engine", paramLabel = "ENGINE",
            description = "dl4j or torch, as the config key engine. Default: ${DEFAULT-VALUE}", defaultValue = "dl4j")
    String engine;

    /** @throws critdamp.base.ConfigException for another name, with the nearest one */
    EngineKind kind() {
        return EngineKind.parse(engine);
    }
}
