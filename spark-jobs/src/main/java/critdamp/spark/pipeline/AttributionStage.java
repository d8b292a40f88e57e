package critdamp.spark.pipeline;

import critdamp.run.RunFiles;
import critdamp.attribution.FlaggedSetComparison;
import critdamp.attribution.GroupAttribution;
import critdamp.attribution.GroupSelection;
import critdamp.attribution.LayerAttribution;
import critdamp.config.TrainConfig;
import critdamp.report.AttributionChart;
import critdamp.run.RunFolder;
import critdamp.spark.attribution.DistributedAttribution;
import critdamp.spark.data.TrainingData;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The diagnostic stage: per-layer gradient attribution of a trained model over the validation split, computed on the
 * executors and merged on the driver ({@link DistributedAttribution}, for either engine: {@link TrainedModel}),
 * gathered into layer groups
 * ({@link GroupAttribution}), then the selection rule of {@code attribution.selection} applied to the groups. Writes
 * {@code attribution.json} (per layer), {@code selection.json} (every group's rank, score and share, and the flagged
 * groups) and {@code attribution.png} (per layer, the flagged groups' layers marked) into the run folder and prints
 * both rankings. It holds the folder's lease from before it computes until it has written ({@link RunFolder#acquire}):
 * a folder another live process writes is refused before any work.
 */
public final class AttributionStage {

    private AttributionStage() {
    }

    /** What the stage found. */
    public record Outcome(LayerAttribution attribution, GroupAttribution groups, GroupSelection selection) {
    }

    /** {@link #run(JavaSparkContext, TrainConfig, RunFolder, TrainedModel, TrainingData, PrintStream)} on a DL4J graph. */
    public static Outcome run(JavaSparkContext sc, TrainConfig cfg, RunFolder folder, ComputationGraph model,
                              TrainingData data, PrintStream out) {
        return run(sc, cfg, folder, TrainedModel.of(model), data, out);
    }

    public static Outcome run(JavaSparkContext sc, TrainConfig cfg, RunFolder folder, TrainedModel model,
                              TrainingData data, PrintStream out) {
        if (data.validationSize() == 0) {
            throw new IllegalArgumentException("attribution needs a validation split: data.validationFraction is 0 "
                    + "(layers are chosen on validation data, never on the test set); set it to e.g. 0.1");
        }
        long t0 = System.nanoTime();
        LayerAttribution attribution;
        GroupAttribution groups;
        GroupSelection selection;
        try (RunFolder writer = folder.acquire()) {
            attribution = model.attribute(sc, data.validationBatches(), cfg.spark().aggregationDepth());
            groups = GroupAttribution.of(attribution);
            selection = GroupSelection.apply(groups, cfg.attribution().selection());
            writer.writeAtomically(RunFiles.ATTRIBUTION_JSON, attribution.toJson());
            writer.writeAtomically(RunFiles.SELECTION_JSON, selection.toJson());
            writeChart(writer, attribution, Set.copyOf(selection.flagged()));
        }
        out.printf("attribution over %d validation examples (%d misclassified, accuracy %.4f), %.1f s%n",
                attribution.misclassified() + attribution.correct(), attribution.misclassified(),
                attribution.accuracy(), (System.nanoTime() - t0) / 1e9);
        out.println(attribution.toTable());
        out.println(groups.toTable());
        out.println(selection.summary());
        if (selection.flaggedGroups().isEmpty()) {
            out.println("no group flagged: retraining needs at least one; relax attribution.selection");
        }
        return new Outcome(attribution, groups, selection);
    }

    /**
     * Compares the group selections of two runs (e.g. SGD vs Adam on the same architecture): Jaccard of the flagged
     * groups beside its chance level, and the rank correlation over all groups.
     */
    public static FlaggedSetComparison compare(GroupSelection a, GroupSelection b, PrintStream out) {
        FlaggedSetComparison c = FlaggedSetComparison.of(a, b);
        out.printf("flagged groups: %s vs %s: overlap %d of %d, Jaccard %.2f (chance %.2f for random draws of %d and "
                        + "%d of %d groups); Spearman rank correlation over all groups %.2f%n", a.flaggedGroups(),
                b.flaggedGroups(), c.overlap(), c.union(), c.jaccard(), c.chanceJaccard(), c.first().size(),
                c.second().size(), c.groups(), c.rankCorrelation());
        return c;
    }

    private static void writeChart(RunFolder folder, LayerAttribution attribution, Set<String> flaggedLayers) {
        try {
            Path png = Files.createTempFile("critdamp-attribution", ".png");
            try {
                AttributionChart.writePng(attribution, flaggedLayers, png, 1100, 600);
                folder.copyFromLocalAtomically(png, "attribution.png");
            } finally {
                Files.deleteIfExists(png);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write attribution.png: " + e.getMessage(), e);
        }
    }
}
