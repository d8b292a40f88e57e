package critdamp.spark.cli;

import critdamp.config.TrainConfig;
import critdamp.spark.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code critdamp train}: trains a model on CIFAR-10 or Fashion-MNIST with parameter averaging on Spark, per a config file. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a network on CIFAR-10 or Fashion-MNIST (data.dataset) with parameter averaging on Spark.",
                "The driver computes the learning rate and momentum (e.g. physics: mu = 1 - 2*sqrt(alpha)) for each "
                        + "averaging round; results go to <run.resultsDir>/<run.name>/ (config, metrics, checkpoints)."},
        footer = {"", "Examples:",
                "  critdamp train -c conf/cifar10-small-cnn.yaml",
                "  critdamp train -c conf/cifar10-small-cnn.yaml --set momentum.kind=constant --set run.name=const",
                "  critdamp train -c conf/cifar10-small-cnn.yaml --resume",
                "  critdamp train -c conf/fashion-mnist-small-cnn.yaml --set data.maxTrainRecords=6000"})
public final class TrainCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--resume", description = "continue <run.resultsDir>/<run.name> from its last good checkpoint")
    boolean resume;

    @Override
    public Integer call() {
        TrainConfig cfg = options.load();
        TrainingRun.Outcome outcome = TrainingRun.run(cfg, resume, commandLine());
        System.out.println(outcome.summaryLine());
        return 0;
    }

    private String commandLine() {
        return options.describe("train") + (resume ? " --resume" : "");
    }
}
