package critdamp.spark.cli;

import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import critdamp.spark.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code critdamp train}: trains a model on CIFAR-10 with parameter averaging on Spark, per a config file. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a network on CIFAR-10 with parameter averaging on Spark.",
                "The driver computes the learning rate and momentum (e.g. physics: mu = 1 - 2*sqrt(alpha)) for each "
                        + "averaging round; results go to <run.resultsDir>/<run.name>/ (config, metrics, checkpoints)."},
        footer = {"", "Examples:",
                "  critdamp train -c conf/cifar10-small-cnn.yaml",
                "  critdamp train -c conf/cifar10-small-cnn.yaml --set momentum.kind=constant --set run.name=const",
                "  critdamp train -c conf/cifar10-small-cnn.yaml --resume"})
public final class TrainCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, description = "config file (YAML/JSON). Default: ${DEFAULT-VALUE}",
            defaultValue = "conf/cifar10-small-cnn.yaml")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "override a config value, e.g. --set training.epochs=3 (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--master", description = "Spark master when not set by spark-submit (overrides spark.master)")
    String master;

    @Option(names = "--resume", description = "continue <run.resultsDir>/<run.name> from its last good checkpoint")
    boolean resume;

    @Override
    public Integer call() {
        List<String> all = new ArrayList<>(overrides);
        if (master != null) {
            all.add("spark.master=" + master);
        }
        TrainConfig cfg = ConfigLoader.load(config, all, TrainConfig.class);
        TrainingRun.Outcome outcome = TrainingRun.run(cfg, resume, commandLine());
        System.out.println(outcome.summaryLine());
        return 0;
    }

    private String commandLine() {
        StringBuilder sb = new StringBuilder("critdamp train -c ").append(config);
        overrides.forEach(o -> sb.append(" --set ").append(o));
        if (master != null) {
            sb.append(" --master ").append(master);
        }
        if (resume) {
            sb.append(" --resume");
        }
        return sb.toString();
    }
}
