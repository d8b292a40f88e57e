package critdamp.spark.cli;

import critdamp.run.RunFiles;
import critdamp.attribution.GroupSelection;
import critdamp.config.TrainConfig;
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
        description = {"Retrain only the layer groups attribution flagged (selection.json), every other layer frozen; "
                + "then the controls with the same protocol: the flagged groups with another data order, all layers, "
                + "and retraining.randomArms random sets of as many groups.",
                "The protocol (epochs x baseLr grid) is chosen on the validation split by the all-layers arm.",
                "Reports validation and test accuracy before/after and fixed / broken / net per arm, and the targeted "
                        + "arm's rank among the random arms (retraining.json). Resumes: finished arms are kept."},
        footer = {"", "Examples:", "  critdamp retrain --run runs/cifar10-small-cnn",
                "  critdamp retrain --run runs/x --set retraining.epochs=[1,2] --set retraining.baseLr=[0.01,0.003]",
                "  critdamp retrain --run runs/x --set retraining.controls=false --set retraining.replicate=false"})
public final class RetrainCommand implements Callable<Integer> {
    @Mixin
    RunStageOptions options;

    @Override
    public Integer call() throws Exception {
        TrainConfig runConfig = options.runConfig();
        try (JavaSparkContext sc = SparkContexts.getOrCreate("critdamp-retrain", runConfig.spark().master(),
                runConfig.engine());
             FinishedRun run = FinishedRun.open(sc.hadoopConfiguration(), options.run, options.allOverrides())) {
            if (!run.folder().exists(RunFiles.SELECTION_JSON)) {
                throw new IllegalArgumentException(options.run + " has no " + RunFiles.SELECTION_JSON
                        + ": run critdamp attribute --run " + options.run + " first");
            }
            GroupSelection selection = GroupSelection.fromJson(run.folder().readString(RunFiles.SELECTION_JSON));
            TrainingData data = StageData.load(sc, run.config());
            try {
                RetrainingStage.run(sc, run.config(), run.folder(), run.model(),
                        java.util.Set.copyOf(selection.flaggedGroups()), data, System.out);
                critdamp.spark.train.TrainingRun.writeReport(run.folder());
            } finally {
                data.release();
            }
        }
        return 0;
    }
}
