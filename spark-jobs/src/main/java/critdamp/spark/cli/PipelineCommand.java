package critdamp.spark.cli;

import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import critdamp.fastpath.FastCpuPath;
import critdamp.spark.pipeline.Pipeline;
import critdamp.spark.train.SparkContexts;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code critdamp pipeline}: train, attribute, retrain the flagged layers (with controls) and report, in one app. */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = {"Train -> per-layer attribution (validation split) -> targeted retraining of the flagged "
                + "layers, with all-layers and random-layers controls -> report, in one Spark application.",
                "Each stage is also a command of its own (train, attribute, retrain) that starts from the run folder."},
        footer = {"", "Examples:", "  critdamp pipeline -c conf/cifar10-small-cnn.yaml",
                "  critdamp pipeline -c conf/cifar10-small-cnn.yaml --set attribution.selection.paramBudget=0.1"})
public final class PipelineCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, description = "config file. Default: ${DEFAULT-VALUE}",
            defaultValue = "conf/cifar10-small-cnn.yaml")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a config value (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--master", description = "Spark master when not set by spark-submit (overrides spark.master)")
    String master;

    @Override
    public Integer call() {
        List<String> all = new ArrayList<>(overrides);
        if (master != null) {
            all.add("spark.master=" + master);
        }
        TrainConfig cfg = ConfigLoader.load(config, all, TrainConfig.class);
        FastCpuPath.enableDefaults();
        try (JavaSparkContext sc = SparkContexts.getOrCreate("critdamp-pipeline-" + cfg.run().name(),
                cfg.spark().master())) {
            Pipeline.run(sc, cfg, "critdamp pipeline -c " + config + " " + String.join(" ", all), System.out);
        }
        return 0;
    }
}
