package critdamp.spark.pipeline;

import critdamp.run.RunFiles;
import critdamp.base.Json;
import critdamp.attribution.FlaggedSetComparison;
import critdamp.attribution.LayerAttribution;
import critdamp.attribution.LayerSelection;
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

/**
 * The diagnostic stage: per-layer gradient attribution of a trained model over the validation split, computed on the
 * executors and merged on the driver ({@link DistributedAttribution}), then the selection rule of
 * {@code attribution.selection}. Writes {@code attribution.json}, {@code selection.json} and {@code attribution.png}
 * into the run folder and prints the ranking.
 */
public final class AttributionStage {

    private AttributionStage() {
    }

    /** What the stage found. */
    public record Outcome(LayerAttribution attribution, LayerSelection selection) {
    }

    public static Outcome run(JavaSparkContext sc, TrainConfig cfg, RunFolder folder, ComputationGraph model,
                              TrainingData data, PrintStream out) {
        if (data.validationSize() == 0) {
            throw new IllegalArgumentException("attribution needs a validation split: data.validationFraction is 0 "
                    + "(layers are chosen on validation data, never on the test set); set it to e.g. 0.1");
        }
        long t0 = System.nanoTime();
        LayerAttribution attribution = DistributedAttribution.compute(sc, data.validationBatches(), model,
                cfg.spark().aggregationDepth());
        LayerSelection selection = LayerSelection.apply(attribution, cfg.attribution().selection());
        folder.writeAtomically(RunFiles.ATTRIBUTION_JSON, attribution.toJson());
        folder.writeAtomically(RunFiles.SELECTION_JSON, Json.write(selection));
        writeChart(folder, attribution, selection);
        out.printf("attribution over %d validation examples (%d misclassified, accuracy %.4f), %.1f s%n",
                attribution.misclassified() + attribution.correct(), attribution.misclassified(),
                attribution.accuracy(), (System.nanoTime() - t0) / 1e9);
        out.println(attribution.toTable());
        out.printf("flagged by %s: %s (%d parameters, %.1f%% of the model)%n",
                Json.write(cfg.attribution().selection()).replaceAll("\\s+", " "), selection.names(),
                selection.flaggedParams(), 100 * selection.flaggedShare());
        return new Outcome(attribution, selection);
    }

    /** Compares the flagged sets of two runs (e.g. SGD vs Adam on the same architecture). */
    public static FlaggedSetComparison compare(LayerSelection a, LayerSelection b, PrintStream out) {
        FlaggedSetComparison c = FlaggedSetComparison.of(a, b);
        out.printf("flagged sets: %s vs %s: overlap %d of %d (Jaccard %.2f)%n", a.names(), b.names(), c.overlap(),
                c.union(), c.jaccard());
        return c;
    }

    private static void writeChart(RunFolder folder, LayerAttribution attribution, LayerSelection selection) {
        try {
            Path png = Files.createTempFile("critdamp-attribution", ".png");
            try {
                AttributionChart.writePng(attribution, selection.nameSet(), png, 1100, 600);
                folder.copyFromLocalAtomically(png, "attribution.png");
            } finally {
                Files.deleteIfExists(png);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write attribution.png: " + e.getMessage(), e);
        }
    }
}
