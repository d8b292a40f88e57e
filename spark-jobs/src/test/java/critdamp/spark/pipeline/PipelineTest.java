package critdamp.spark.pipeline;

import critdamp.run.RunFiles;
import static org.assertj.core.api.Assertions.assertThat;

import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import critdamp.retrain.ArmKind;
import critdamp.retrain.ArmResult;
import critdamp.retrain.RetrainingReport;
import critdamp.run.Checkpoints;
import critdamp.run.RunFolder;
import critdamp.spark.testing.SharedSpark;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The whole application on tiny CIFAR-format data in one Spark application: train, attribute, retrain the flagged
 * layers with both controls, report. Checks the files each stage writes, that the arms' fixed/broken/net add up, and
 * that retraining left the frozen layers bit-identical.
 */
@ExtendWith(SharedSpark.class)
class PipelineTest {
    @TempDir
    static Path tmp;
    private static JavaSparkContext sc;

    @BeforeAll
    static void start(JavaSparkContext spark) throws Exception {
        critdamp.data.SyntheticCifar10.write(tmp.resolve("cifar"), 100, 200, 3L);
        sc = spark;
    }

    @Test
    void trainsAttributesRetrainsAndReports() throws Exception {
        TrainConfig cfg = ConfigLoader.parse(String.join("\n",
                "run: {name: pipe, resultsDir: '" + tmp.resolve("runs") + "', seed: 9}",
                "data: {dir: '" + tmp.resolve("cifar") + "', augment: false, validationFraction: 0.2}",
                "model: {kind: small_cnn}",
                "learningRate: {kind: cosine, baseLr: 0.05}",
                "momentum: {kind: physics}",
                "training: {epochs: 2, batchSize: 32, logEveryRounds: 100}",
                "spark: {master: 'local[2]', workers: 2, averagingFrequency: 3}",
                "attribution: {selection: {kind: top_k, k: 2}}",
                "retraining: {epochs: 1, baseLr: 0.01}"), List.of(), TrainConfig.class);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Pipeline.Outcome outcome = Pipeline.run(sc, cfg, "test", new PrintStream(console, true));

        Path run = Path.of(java.net.URI.create(outcome.training().runFolder()).getPath());
        for (String f : List.of("attribution.json", "selection.json", "attribution.png", "retraining.json",
                "retrain-targeted/epochs.jsonl", "retrain-all-layers/epochs.jsonl",
                "retrain-random-layers/epochs.jsonl")) {
            assertThat(run.resolve(f)).as(f).isRegularFile();
        }
        assertThat(outcome.attribution().selection().names()).hasSize(2);
        RetrainingReport report = outcome.retraining();
        assertThat(report.arms()).extracting(ArmResult::arm)
                .containsExactly(ArmKind.TARGETED, ArmKind.ALL_LAYERS, ArmKind.RANDOM_LAYERS);
        for (ArmResult arm : report.arms()) {
            assertThat(arm.net()).isEqualTo(arm.fixed() - arm.broken());
            assertThat((arm.accuracyAfter() - arm.accuracyBefore()) * report.evaluationExamples())
                    .isCloseTo(arm.net(), org.assertj.core.api.Assertions.within(1e-6));
        }
        ArmResult targeted = report.arm(ArmKind.TARGETED);
        assertThat(targeted.layers()).containsExactlyInAnyOrderElementsOf(outcome.attribution().selection().names());
        assertThat(targeted.paramShare()).isLessThan(1.0);
        assertThat(console.toString()).contains("fixed", "broken", "net");

        // The retrained layers moved and the frozen ones did not (the stage's own output, read back from disk).
        ComputationGraph trained = loadTrained(run);
        RetrainingReport fromDisk = RetrainingReport.fromJson(readString(run.resolve("retraining.json")));
        assertThat(fromDisk).isEqualTo(report);
        Set<String> flagged = outcome.attribution().selection().nameSet();
        ComputationGraph corrected = org.deeplearning4j.util.ModelSerializer.restoreComputationGraph(
                run.resolve("retrain-targeted/" + RunFiles.CORRECTED_ZIP).toFile(), false);
        for (Layer layer : trained.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            if (layer.numParams() == 0) {
                continue;
            }
            boolean same = layer.params().equals(corrected.getLayer(name).params());
            assertThat(same).as("layer %s %s", name, flagged.contains(name) ? "retrained" : "frozen")
                    .isEqualTo(!flagged.contains(name));
        }
    }

    private static ComputationGraph loadTrained(Path run) {
        RunFolder folder = RunFolder.open(sc.hadoopConfiguration(), run.getParent().toString(),
                run.getFileName().toString(), true);
        return new Checkpoints(folder).latestGood().orElseThrow().model();
    }

    private static String readString(Path p) {
        try {
            return java.nio.file.Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
