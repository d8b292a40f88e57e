package critdamp.spark.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;

/** Options shared by the stages that start from a finished run: the run folder and config overrides. */
final class RunStageOptions {
    @Option(names = "--run", required = true, paramLabel = "DIR",
            description = "a run folder written by train (any Hadoop path), e.g. runs/cifar10-small-cnn")
    String run;

    @Mixin
    OverrideOptions overrides;

    List<String> allOverrides() {
        return overrides.all();
    }
}
