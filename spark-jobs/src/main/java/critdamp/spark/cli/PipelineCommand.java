package critdamp.spark.cli;

import critdamp.config.TrainConfig;
import critdamp.spark.pipeline.Pipeline;
import critdamp.spark.train.SparkContexts;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code critdamp pipeline}: train, attribute, retrain the flagged layer groups (with controls), report, in one app. */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = {"Train -> per-layer attribution, gathered into layer groups (validation split) -> targeted "
                + "retraining of the flagged groups, with a data-order replicate, all-layers and random-groups "
                + "controls under one protocol chosen on the validation split -> report, in one Spark application.",
                "Each stage is also a command of its own (train, attribute, retrain) that starts from the run folder."},
        footer = {"", "Examples:", "  critdamp pipeline -c conf/cifar10-small-cnn.yaml",
                "  critdamp pipeline -c conf/cifar10-small-cnn.yaml --set attribution.selection.k=2",
                "  critdamp pipeline -c conf/correction-small-cnn.yaml --set run.seed=2"})
public final class PipelineCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() {
        TrainConfig cfg = options.load();
        try (JavaSparkContext sc = SparkContexts.getOrCreate("critdamp-pipeline-" + cfg.run().name(),
                cfg.spark().master(), cfg.engine())) {
            Pipeline.run(sc, cfg, options.describe("pipeline"), System.out);
        }
        return 0;
    }
}
