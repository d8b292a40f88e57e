package critdamp.spark.cli;

import critdamp.run.RunFiles;
import critdamp.base.Json;
import critdamp.config.TrainConfig;
import critdamp.attribution.GroupSelection;
import critdamp.spark.pipeline.AttributionStage;
import critdamp.spark.pipeline.FinishedRun;
import critdamp.spark.pipeline.StageData;
import critdamp.spark.train.SparkContexts;
import critdamp.spark.data.TrainingData;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code critdamp attribute}: the per-layer diagnostic on a finished run, alone (from its last checkpoint). */
@Command(name = "attribute", mixinStandardHelpOptions = true,
        description = {"Per-layer gradient attribution of a trained run on its validation split, computed on the "
                + "executors and merged on the driver, gathered into layer groups; flags groups by "
                + "attribution.selection.",
                "Writes attribution.json (per layer), selection.json (every group's rank, score, share; the flagged "
                        + "groups) and attribution.png into the run folder."},
        footer = {"", "Examples:", "  critdamp attribute --run runs/cifar10-small-cnn",
                "  critdamp attribute --run runs/sgd --compare-with runs/adam   # optimizer-agnostic check",
                "  critdamp attribute --run runs/x --set attribution.selection.k=2",
                "  critdamp attribute --run runs/x --set attribution.selection.kind=param_budget "
                        + "--set attribution.selection.paramBudget=0.2"})
public final class AttributeCommand implements Callable<Integer> {
    @Mixin
    RunStageOptions options;

    @Option(names = "--compare-with", paramLabel = "DIR",
            description = "another run folder already attributed (e.g. the same model trained with Adam): report "
                    + "the overlap and Jaccard index of the two flagged group sets (with its chance level) and the "
                    + "rank correlation over all groups")
    String compareWith;

    @Override
    public Integer call() {
        TrainConfig runConfig = options.runConfig();
        try (JavaSparkContext sc = SparkContexts.getOrCreate("critdamp-attribute", runConfig.spark().master(),
                runConfig.engine());
             FinishedRun run = FinishedRun.open(sc.hadoopConfiguration(), options.run, options.allOverrides())) {
            System.out.println("attributing " + run.checkpoint());
            TrainingData data = StageData.load(sc, run.config());
            try {
                AttributionStage.Outcome outcome = AttributionStage.run(sc, run.config(), run.folder(), run.model(),
                        data, System.out);
                if (compareWith != null) {
                    GroupSelection theirs = selectionOf(sc, compareWith);
                    run.folder().writeAtomically(RunFiles.COMPARISON_JSON, Json.write(
                            AttributionStage.compare(outcome.selection(), theirs, System.out)));
                }
                critdamp.spark.train.TrainingRun.writeReport(run.folder());
            } finally {
                data.release();
            }
        }
        return 0;
    }

    /** The selection of another attributed run (its model is loaded, as for any stage, then freed). */
    private static GroupSelection selectionOf(JavaSparkContext sc, String runDir) {
        try (FinishedRun other = FinishedRun.open(sc.hadoopConfiguration(), runDir, java.util.List.of())) {
            if (!other.folder().exists(RunFiles.SELECTION_JSON)) {
                throw new IllegalArgumentException(runDir + " has no " + RunFiles.SELECTION_JSON
                        + ": run critdamp attribute --run " + runDir + " first");
            }
            return GroupSelection.fromJson(other.folder().readString(RunFiles.SELECTION_JSON));
        }
    }
}
