package critdamp.spark.cli;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code --set} and {@code --master} of the commands that read a sweep or study file ({@code sweep}, {@code lr-study}):
 * a key of that file or of the train config, as each command's description says.
 */
final class SweepOverrides extends OverrideOptions {
    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override (repeatable), see above")
    List<String> overrides = new ArrayList<>();

    @Override
    List<String> sets() {
        return overrides;
    }
}
