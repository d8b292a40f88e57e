package critdamp.spark.cli;

import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import critdamp.spark.train.ExecutorRegistration;
import critdamp.spark.train.SparkContexts;
import critdamp.spark.train.TrainingRun;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code critdamp scaling-size} (hidden): one size of a scaling study, as {@code critdamp scaling} starts it in a JVM
 * of its own: the Spark application, a wait until all its executors registered
 * ({@link ExecutorRegistration}), then an ordinary training run of the size's planned config.
 */
@Command(name = ScalingSizeCommand.NAME, hidden = true, mixinStandardHelpOptions = true,
        description = "One size of a scaling study (started by `critdamp scaling`): waits for its executors, then "
                + "trains the planned config.")
public final class ScalingSizeCommand implements Callable<Integer> {
    static final String NAME = "scaling-size";

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the size's planned config")
    String config;

    @Option(names = "--executors", required = true, description = "executors that must register (0: local mode)")
    int executors;

    @Option(names = "--executor-timeout", required = true, paramLabel = "SECONDS",
            description = "how long to wait for them, from the application's start")
    int timeoutSeconds;

    @Option(names = "--study-command", description = "the study's command line, for provenance")
    String studyCommand = "critdamp scaling";

    @Override
    public Integer call() {
        TrainConfig cfg = ConfigLoader.load(config, List.of(), TrainConfig.class);
        JavaSparkContext sc = SparkContexts.getOrCreate("critdamp-scaling-" + cfg.run().name(), cfg.spark().master(),
                cfg.engine());
        ExecutorRegistration.await(sc, executors, Duration.ofSeconds(timeoutSeconds));
        TrainingRun.Outcome outcome = TrainingRun.run(cfg, false, studyCommand + "  [run " + cfg.run().name() + "]");
        System.out.println(outcome.summaryLine());
        return 0;
    }
}
