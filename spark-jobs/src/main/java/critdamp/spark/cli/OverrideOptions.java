package critdamp.spark.cli;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code --master} and a command's {@code --set key=value} overrides, as the overrides it loads and as command-line
 * text for provenance. Each subclass declares {@code --set} with the help text of the files it overrides.
 */
abstract class OverrideOptions {
    @Option(names = "--master", description = "Spark master when not set by spark-submit (overrides spark.master)")
    String master;

    /** The {@code --set} values, in command-line order. */
    abstract List<String> sets();

    /** The overrides, with {@code --master} as {@code spark.master=...} last. */
    List<String> all() {
        List<String> all = new ArrayList<>(sets());
        if (master != null) {
            all.add("spark.master=" + master);
        }
        return all;
    }

    /** The same options as command-line text, for provenance. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        sets().forEach(o -> sb.append(" --set ").append(o));
        if (master != null) {
            sb.append(" --master ").append(master);
        }
        return sb.toString();
    }
}
