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
     * The run's {@value #RunFiles.CONFIG_JSON} with {@code --set} applied, read before the Spark context exists (with
     * {@link ConfigFile#hadoopConfiguration()}): the stage's Spark context is started from it, on its
     * {@code spark.master} when {@code spark-submit} sets none (chosen as {@code train} chooses it: {@code --master},
     * else the run's) and for its {@code engine}. {@code --run} is a Hadoop path, as for the stage itself: without a
     * scheme it is on the default file system.
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
