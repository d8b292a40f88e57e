package critdamp.spark.cli;

import critdamp.run.RunFiles;
import critdamp.base.Json;
import critdamp.attribution.LayerSelection;
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
                + "executors and merged on the driver; flags layers by attribution.selection.",
                "Writes attribution.json, selection.json and attribution.png into the run folder."},
        footer = {"", "Examples:", "  critdamp attribute --run runs/cifar10-small-cnn",
                "  critdamp attribute --run runs/sgd --compare-with runs/adam   # optimizer-agnostic check",
                "  critdamp attribute --run runs/x --set attribution.selection.kind=top_k "
                        + "--set attribution.selection.k=3 --set attribution.selection.paramBudget="})
public final class AttributeCommand implements Callable<Integer> {
    @Mixin
    RunStageOptions options;

    @Option(names = "--compare-with", paramLabel = "DIR",
            description = "another run folder already attributed (e.g. the same model trained with Adam): report "
                    + "the overlap and Jaccard index of the two flagged sets")
    String compareWith;

    @Override
    public Integer call() {
        try (JavaSparkContext sc = SparkContexts.getOrCreate("critdamp-attribute", options.master())) {
            FinishedRun run = FinishedRun.open(sc.hadoopConfiguration(), options.run, options.allOverrides());
            System.out.println("attributing " + run.checkpoint());
            TrainingData data = StageData.load(sc, run.config());
            try {
                AttributionStage.Outcome outcome = AttributionStage.run(sc, run.config(), run.folder(), run.model(),
                        data, System.out);
                if (compareWith != null) {
                    FinishedRun other = FinishedRun.open(sc.hadoopConfiguration(), compareWith, java.util.List.of());
                    if (!other.folder().exists(RunFiles.SELECTION_JSON)) {
                        throw new IllegalArgumentException(compareWith + " has no " + RunFiles.SELECTION_JSON
                                + ": run critdamp attribute --run " + compareWith + " first");
                    }
                    LayerSelection theirs = readSelection(other);
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

    private static LayerSelection readSelection(FinishedRun run) {
        try {
            return Json.mapper().readValue(run.folder().readString(RunFiles.SELECTION_JSON),
                    LayerSelection.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("unreadable " + RunFiles.SELECTION_JSON + " in "
                    + run.folder(), e);
        }
    }
}
