package critdamp.spark.cli;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** {@code --set key=value} overrides and {@code --master}, shared by every command that reads a train config. */
final class OverrideOptions {
    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "override a config value, e.g. --set training.epochs=3 (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--master", description = "Spark master when not set by spark-submit (overrides spark.master)")
    String master;

    /** The overrides, with {@code --master} as {@code spark.master=...} last. */
    List<String> all() {
        List<String> all = new ArrayList<>(overrides);
        if (master != null) {
            all.add("spark.master=" + master);
        }
        return all;
    }

    /** The same options as command-line text, for provenance. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        overrides.forEach(o -> sb.append(" --set ").append(o));
        if (master != null) {
            sb.append(" --master ").append(master);
        }
        return sb.toString();
    }
}
