package critdamp.spark.cli;

import critdamp.run.RunFiles;
import critdamp.base.Json;
import critdamp.attribution.LayerSelection;
import critdamp.spark.pipeline.AttributionStage;
import critdamp.spark.pipeline.FinishedRun;
import critdamp.spark.pipeline.RetrainingStage;
import critdamp.spark.pipeline.StageData;
import critdamp.spark.train.SparkContexts;
import critdamp.spark.data.TrainingData;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code critdamp retrain}: targeted correction of an attributed run, alone (from its checkpoint and selection). */
@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = {"Retrain only the layers attribution flagged (selection.json), every other layer frozen, "
                + "then the all-layers and random-layers controls with the same budget.",
                "Reports test accuracy before/after and fixed / broken / net per arm (retraining.json)."},
        footer = {"", "Examples:", "  critdamp retrain --run runs/cifar10-small-cnn",
                "  critdamp retrain --run runs/x --set retraining.epochs=2 --set retraining.controls=false"})
public final class RetrainCommand implements Callable<Integer> {
    @Mixin
    RunStageOptions options;

    @Override
    public Integer call() throws Exception {
        try (JavaSparkContext sc = SparkContexts.getOrCreate("critdamp-retrain", options.master())) {
            FinishedRun run = FinishedRun.open(sc.hadoopConfiguration(), options.run, options.allOverrides());
            if (!run.folder().exists(RunFiles.SELECTION_JSON)) {
                throw new IllegalArgumentException(options.run + " has no " + RunFiles.SELECTION_JSON
                        + ": run critdamp attribute --run " + options.run + " first");
            }
            LayerSelection selection = Json.mapper().readValue(
                    run.folder().readString(RunFiles.SELECTION_JSON), LayerSelection.class);
            TrainingData data = StageData.load(sc, run.config());
            try {
                RetrainingStage.run(sc, run.config(), run.folder(), run.model(), selection.nameSet(), data,
                        System.out);
                critdamp.spark.train.TrainingRun.writeReport(run.folder());
            } finally {
                data.release();
            }
        }
        return 0;
    }
}
