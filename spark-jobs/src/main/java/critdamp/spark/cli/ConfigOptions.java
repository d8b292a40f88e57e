package critdamp.spark.cli;

import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of every command that reads a train config file: the file, {@code --set} overrides and the master. */
final class ConfigOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "config file (YAML/JSON): a local path or a Hadoop URI (hdfs://, s3a://, file:). "
                    + "Default: ${DEFAULT-VALUE}",
            defaultValue = "conf/cifar10-small-cnn.yaml")
    String config;

    @Mixin
    ConfigOverrides overrides;

    /** The config file with every override applied and validated. */
    TrainConfig load() {
        return ConfigLoader.load(config, overrides.all(), TrainConfig.class);
    }

    /** The command line that these options reproduce, for provenance. */
    String describe(String command) {
        return "critdamp " + command + " -c " + config + overrides.describe();
    }
}
