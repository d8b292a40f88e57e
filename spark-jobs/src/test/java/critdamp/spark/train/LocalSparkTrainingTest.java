package critdamp.spark.train;

import critdamp.engine.EngineKind;
import critdamp.run.RunFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import critdamp.config.TrainConfig;
import critdamp.run.Checkpoints;
import critdamp.run.EpochRecord;
import critdamp.run.RoundRecord;
import critdamp.run.RunFolder;
import critdamp.schedule.CriticalDamping;
import critdamp.spark.testing.OwnSparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The train job end to end on Spark local mode (one context for the class) on tiny CIFAR-format data: it
 * learns, the driver's physics momentum is what every round used, the run folder is complete, a resumed run ends where
 * an uninterrupted one does, and a diverging run stops with its last good checkpoint intact. Its own context: started
 * with a configured {@code spark.authenticate.secret}, which must not reach the run folder.
 */
@ExtendWith(OwnSparkContext.class)
class LocalSparkTrainingTest {
    @TempDir
    static Path tmp;
    private static final String SECRET = "s3cr3t-" + java.util.UUID.randomUUID();
    private static JavaSparkContext sc;
    private static Path data;

    @BeforeAll
    static void start() {
        data = TrainingFixture.writeData(tmp.resolve("cifar"), 160, 200);
        // A configured secret (as spark-submit-secure.sh passes it) must never reach the run folder.
        System.setProperty("spark.authenticate.secret", SECRET);
        try {
            sc = SparkContexts.getOrCreate("LocalSparkTrainingTest", "local[2]", EngineKind.DL4J);
        } finally {
            System.clearProperty("spark.authenticate.secret");
        }
    }

    @Test
    void learnsWithDriverComputedPhysicsMomentumAndWritesTheRunFolder() throws Exception {
        TrainConfig cfg = TrainingFixture.config(data, tmp.resolve("runs"), "learn", "spark.collectTimings=true");
        TrainingRun.Outcome outcome = TrainingRun.run(cfg, false, "test");
        Path run = TrainingFixture.folder(outcome);

        List<RoundRecord> rounds = TrainingFixture.rounds(run);
        List<EpochRecord> epochs = TrainingFixture.epochs(run);
        assertThat(epochs).hasSize(3);
        double firstLoss = rounds.get(0).loss();
        double lastEpochLoss = epochs.get(2).trainLoss();
        assertThat(lastEpochLoss).as("training loss fell").isLessThan(0.7 * firstLoss);
        assertThat(outcome.result().finalTestAccuracy()).as("test accuracy well above chance (0.1)").isGreaterThan(0.4);
        for (RoundRecord r : rounds) {
            double expected = Math.max(0.0, Math.min(0.99, CriticalDamping.mu(r.alpha())));
            assertThat(r.mu()).as("round %d mu", r.globalRound()).isCloseTo(expected, within(1e-12));
        }
        assertThat(rounds.get(rounds.size() - 1).step()).isGreaterThan(rounds.get(0).step());
        // Each round splits into the slowest worker's training and the rest (broadcast, setup, averaging); the
        // bytes moved are the 141,674 parameters plus the momentum, to and from 2 workers, in float32.
        for (RoundRecord r : rounds) {
            assertThat(r.computeSeconds()).as("round %d compute", r.globalRound()).isPositive()
                    .isLessThanOrEqualTo(r.seconds());
            assertThat(r.bytesMoved()).isGreaterThan(2L * 2 * 141_674 * 4).isEqualTo(rounds.get(0).bytesMoved());
        }
        for (String f : List.of("config.json", RunFiles.RUN_JSON, "rounds.jsonl", "epochs.jsonl", "epochs.csv",
                "summary.json")) {
            assertThat(run.resolve(f)).as(f).isRegularFile();
        }
        assertThat(Files.readAllLines(run.resolve("epochs.csv"))).hasSize(4);
        // the CPU the run trained on: oneDNN's kernels (and so the digits) depend on it
        assertThat(critdamp.base.Json.mapper().readTree(run.resolve(RunFiles.RUN_JSON).toFile())
                .at("/backend/cpu").asText()).isEqualTo(critdamp.run.Provenance.cpuModel()).isNotBlank();
        assertThat(sc.getConf().get("spark.authenticate.secret")).isEqualTo(SECRET);
        try (var files = Files.walk(run)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as("%s holds no secret", run.relativize(f)).doesNotContain(SECRET);
            }
        }
        // retention (training.keepCheckpoints = 2): the two newest and, if older, the best by validation accuracy
        assertThat(Files.list(run.resolve("checkpoints")).filter(p -> p.toString().endsWith(".zip")).count())
                .isBetween(2L, 3L);
    }

    @Test
    void resumedRunEndsWithTheParametersOfAnUninterruptedOne() {
        TrainConfig full = TrainingFixture.config(data, tmp.resolve("resume"), "full", "training.epochs=2");
        TrainingRun.run(full, false, "test");
        // stops after its first epoch (any accuracy reaches 0); resumed with the same config (a changed one would be
        // refused), it trains the second and stops there, the last epoch anyway
        TrainConfig part = TrainingFixture.config(data, tmp.resolve("resume"), "part", "training.epochs=2",
                "training.stopAtAccuracy=0.0");
        TrainingRun.run(part, false, "test");
        TrainingRun.run(part, true, "test");

        INDArray uninterrupted = lastModel(tmp.resolve("resume/full")).params();
        INDArray resumed = lastModel(tmp.resolve("resume/part")).params();
        // Same seed, same data order and the same driver-computed alpha/mu per round; parameter averaging is a
        // deterministic mean. What can differ is float summation order in native kernels run on 2 threads.
        double maxDiff = uninterrupted.sub(resumed).amaxNumber().doubleValue();
        assertThat(maxDiff).isLessThan(1e-4);
    }

    @Test
    void divergenceStopsWithTheLastGoodCheckpointNamed() {
        TrainConfig cfg = TrainingFixture.config(data, tmp.resolve("nan"), "nan", "training.epochs=2",
                "learningRate.kind=constant", "learningRate.baseLr=1.0e6", "momentum.kind=constant");
        assertThatThrownBy(() -> TrainingRun.run(cfg, false, "test"))
                .isInstanceOf(DivergenceException.class)
                .hasMessageContaining("diverged")
                .hasMessageContaining("step");
    }

    private static org.deeplearning4j.nn.graph.ComputationGraph lastModel(Path runFolder) {
        RunFolder folder = RunFolder.open(sc.hadoopConfiguration(), runFolder.getParent().toString(),
                runFolder.getFileName().toString(), true);
        return new Checkpoints(folder).latestGood().orElseThrow().model();
    }
}
