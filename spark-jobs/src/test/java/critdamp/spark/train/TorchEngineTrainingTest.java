package critdamp.spark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import critdamp.base.Json;
import critdamp.config.TrainConfig;
import critdamp.engine.EngineKind;
import critdamp.engine.EngineMismatchException;
import critdamp.engine.TrainableModel;
import critdamp.run.Checkpoints;
import critdamp.run.EpochRecord;
import critdamp.run.RoundRecord;
import critdamp.run.RunFiles;
import critdamp.run.RunFolder;
import critdamp.schedule.CriticalDamping;
import critdamp.spark.executor.Engines;
import critdamp.spark.testing.OwnSparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

/**
 * The torch engine under the same driver ({@code engine: torch}), Spark local mode, tiny CIFAR-format data: it learns
 * with the driver's alpha and mu in every round, the run folder and executors.json name the engine and its native
 * library, a resumed run ends where an uninterrupted one does, and its checkpoints load only into the torch engine.
 */
@ExtendWith(OwnSparkContext.class)
class TorchEngineTrainingTest {
    @TempDir
    static Path tmp;
    private static JavaSparkContext sc;
    private static Path data;

    @BeforeAll
    static void start() {
        data = TrainingFixture.writeData(tmp.resolve("cifar"), 160, 200);
        sc = SparkContexts.getOrCreate("TorchEngineTrainingTest", "local[2]", EngineKind.TORCH);
    }

    @Test
    void learnsUnderTheSameDriverAndRecordsTheEngine() throws Exception {
        TrainConfig cfg = TrainingFixture.config(data, tmp.resolve("runs"), "torch", "engine=torch");
        assertThat(cfg.engine()).isEqualTo(EngineKind.TORCH);
        TrainingRun.Outcome outcome = TrainingRun.run(cfg, false, "test");
        Path run = TrainingFixture.folder(outcome);

        List<RoundRecord> rounds = TrainingFixture.rounds(run);
        List<EpochRecord> epochs = TrainingFixture.epochs(run);
        assertThat(epochs).hasSize(3);
        assertThat(epochs.get(2).trainLoss()).as("training loss fell").isLessThan(0.7 * rounds.get(0).loss());
        assertThat(outcome.result().finalTestAccuracy()).as("test accuracy well above chance (0.1)")
                .isGreaterThan(0.4);
        for (RoundRecord r : rounds) {
            double expected = Math.max(0.0, Math.min(0.99, CriticalDamping.mu(r.alpha())));
            assertThat(r.mu()).as("round %d mu", r.globalRound()).isCloseTo(expected, within(1e-12));
            // parameters + batch-norm statistics + velocity, to and from 2 workers, float32
            assertThat(r.bytesMoved()).isGreaterThan(2L * 2 * 141_674 * 4).isEqualTo(rounds.get(0).bytesMoved());
            assertThat(r.computeSeconds()).isPositive().isLessThanOrEqualTo(r.seconds());
        }
        JsonNode runJson = Json.mapper().readTree(run.resolve(RunFiles.RUN_JSON).toFile());
        assertThat(runJson.at("/backend/engine").asText()).isEqualTo("torch");
        assertThat(runJson.at("/backend/engine.nativeLibrary").asText()).startsWith("libtorch");
        JsonNode executors = Json.mapper().readTree(run.resolve(RunFiles.EXECUTORS_JSON).toFile());
        assertThat(executors).isNotEmpty();
        for (JsonNode e : executors) {
            assertThat(e.get("engine").asText()).isEqualTo("torch");
            assertThat(e.get("nativeLibrary").asText()).startsWith("libtorch");
            assertThat(e.get("backend").asText()).isEqualTo("CPU");
        }
        assertThat(Json.mapper().readTree(run.resolve(RunFiles.CONFIG_JSON).toFile()).get("engine").asText())
                .isEqualTo("torch");

        // a torch checkpoint is refused by the DL4J path in one line naming both engines
        RunFolder folder = open(run);
        assertThatThrownBy(() -> new Checkpoints(folder).latestGood())
                .isInstanceOf(EngineMismatchException.class)
                .hasMessageContaining("torch engine").hasMessageContaining("dl4j").hasMessageNotContaining("\n");
    }

    @Test
    void resumedRunEndsWithTheValuesOfAnUninterruptedOne() {
        TrainConfig full = TrainingFixture.config(data, tmp.resolve("resume"), "full", "engine=torch",
                "training.epochs=2");
        TrainingRun.run(full, false, "test");
        TrainConfig part = TrainingFixture.config(data, tmp.resolve("resume"), "part", "engine=torch",
                "training.epochs=2", "training.stopAtAccuracy=0.0");
        TrainingRun.run(part, false, "test");
        TrainingRun.run(part, true, "test");

        float[] uninterrupted = lastValues(tmp.resolve("resume/full"));
        float[] resumed = lastValues(tmp.resolve("resume/part"));
        assertThat(resumed).hasSameSizeAs(uninterrupted);
        for (int i = 0; i < resumed.length; i++) {
            assertThat(resumed[i]).as("value %d", i).isCloseTo(uninterrupted[i], within(1e-5f));
        }
    }

    private static float[] lastValues(Path runFolder) {
        Checkpoints.LoadedModel loaded = new Checkpoints(open(runFolder))
                .latestGood(Engines.of(EngineKind.TORCH)).orElseThrow();
        try (TrainableModel model = loaded.model()) {
            return model.parameters();
        }
    }

    private static RunFolder open(Path runFolder) {
        return RunFolder.openToRead(sc.hadoopConfiguration(), runFolder.getParent().toString(),
                runFolder.getFileName().toString());
    }
}
