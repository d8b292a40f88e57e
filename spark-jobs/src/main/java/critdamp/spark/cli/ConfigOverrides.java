package critdamp.spark.cli;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** {@code --set} and {@code --master} of every command that reads a train config. */
final class ConfigOverrides extends OverrideOptions {
    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "override a config value, e.g. --set training.epochs=3 (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Override
    List<String> sets() {
        return overrides;
    }
}
