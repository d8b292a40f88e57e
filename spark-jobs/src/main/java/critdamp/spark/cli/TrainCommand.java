package critdamp.spark.cli;

import critdamp.config.TrainConfig;
import critdamp.spark.train.RunStop;
import critdamp.spark.train.TrainingRun;
import critdamp.train.RunExtensions;
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
                "  critdamp train -c conf/cifar10-small-cnn.yaml --resume --extend-epochs 5",
                "  critdamp train -c conf/fashion-mnist-small-cnn.yaml --set data.maxTrainRecords=6000"})
public final class TrainCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--resume", description = "continue <run.resultsDir>/<run.name> from its last good checkpoint; "
            + "refused, before anything starts, where the config (file and --set) differs from the run's config.json "
            + "in a key that changes training")
    boolean resume;

    @Option(names = "--extend-epochs", paramLabel = "N", description = "with --resume: train N epochs more than the "
            + "run's training.epochs (recorded in its config.json and " + RunExtensions.FILE + "); "
            + RunExtensions.RULE)
    Integer extendEpochs;

    @Override
    public Integer call() {
        if (extendEpochs != null && (!resume || extendEpochs < 1)) {
            throw new UsageException(!resume ? "--extend-epochs extends a run: give it with --resume"
                    : "--extend-epochs: a number of epochs >= 1, got " + extendEpochs);
        }
        TrainConfig cfg = options.load();
        RunStop.command("critdamp train", commandLine(), options.describe("train"));
        TrainingRun.Outcome outcome = TrainingRun.run(cfg, resume, extendEpochs == null ? 0 : extendEpochs,
                commandLine());
        System.out.println(outcome.summaryLine());
        return 0;
    }

    private String commandLine() {
        return options.describe("train") + (resume ? " --resume" : "")
                + (extendEpochs == null ? "" : " --extend-epochs " + extendEpochs);
    }
}
