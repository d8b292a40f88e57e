package critdamp.spark.cli;

import critdamp.config.ConfigFile;
import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;

/** Options shared by the stages that start from a finished run: the run folder, config overrides and the master. */
final class RunStageOptions {
    /** The config a run folder holds, exactly as the run used it. */
    static final String CONFIG_JSON = "config.json";

    @Option(names = "--run", required = true, paramLabel = "DIR",
            description = "a run folder written by train (any Hadoop path), e.g. runs/cifar10-small-cnn")
    String run;

    @Mixin
    OverrideOptions overrides;

    List<String> allOverrides() {
        return overrides.all();
    }

    /**
     * The Spark master for this stage when {@code spark-submit} sets none, chosen as {@code train} chooses it:
     * {@code --master}, else {@code spark.master} of the run's {@value #CONFIG_JSON} (with {@code --set} applied).
     * Read before the Spark context exists, through {@link ConfigFile}, so the run folder may be on any file system.
     */
    String master() {
        String location = run.replaceAll("/+$", "") + "/" + CONFIG_JSON;
        if (!ConfigFile.of(location).isFile()) {
            throw new IllegalArgumentException(run + " holds no " + CONFIG_JSON
                    + ": not a run folder written by critdamp train");
        }
        return ConfigLoader.load(location, allOverrides(), TrainConfig.class).spark().master();
    }
}
