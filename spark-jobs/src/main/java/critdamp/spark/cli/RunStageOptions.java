package critdamp.spark.cli;

import critdamp.run.RunFiles;
import critdamp.config.ConfigFile;
import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Options shared by the stages that start from a finished run: the run folder, config overrides and the master. */
final class RunStageOptions {

    @Option(names = "--run", required = true, paramLabel = "DIR",
            description = "a run folder written by train (any Hadoop path), e.g. runs/cifar10-small-cnn")
    String run;

    @Mixin
    ConfigOverrides overrides;

    List<String> allOverrides() {
        return overrides.all();
    }

    /**
     * The Spark master for this stage when {@code spark-submit} sets none, chosen as {@code train} chooses it:
     * {@code --master}, else {@code spark.master} of the run's {@value #RunFiles.CONFIG_JSON} (with {@code --set} applied).
     * Read before the Spark context exists (with {@link ConfigFile#hadoopConfiguration()}); {@code --run} is a Hadoop
     * path, as for the stage itself: without a scheme it is on the default file system.
     */
    String master() {
        return runConfig().spark().master();
    }

    /**
     * The run's {@value #RunFiles.CONFIG_JSON} with {@code --set} applied, read before the Spark context exists: the
     * stage's master and its engine (whose backends the context is started for) come from it.
     */
    TrainConfig runConfig() {
        String location = configJson();
        if (!ConfigFile.of(location).isFile()) {
            throw new IllegalArgumentException(run + " holds no " + RunFiles.CONFIG_JSON
                    + ": not a run folder written by critdamp train");
        }
        return ConfigLoader.load(location, allOverrides(), TrainConfig.class);
    }

    /** The run's config.json as a full URI. */
    private String configJson() {
        Path file = new Path(run, RunFiles.CONFIG_JSON);
        try {
            return file.getFileSystem(ConfigFile.hadoopConfiguration()).makeQualified(file).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + file + ": " + e.getMessage(), e);
        }
    }
}
