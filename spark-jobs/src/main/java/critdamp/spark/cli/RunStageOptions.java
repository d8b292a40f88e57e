package critdamp.spark.cli;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** Options shared by the stages that start from a finished run: the run folder and config overrides. */
final class RunStageOptions {
    @Option(names = "--run", required = true, paramLabel = "DIR",
            description = "a run folder written by train (any Hadoop path), e.g. runs/cifar10-small-cnn")
    String run;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "override a value of the run's config.json, e.g. --set attribution.selection.paramBudget=0.1")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--master", description = "Spark master when not set by spark-submit (default: the run's)")
    String master;

    List<String> allOverrides() {
        List<String> all = new ArrayList<>(overrides);
        if (master != null) {
            all.add("spark.master=" + master);
        }
        return all;
    }
}
