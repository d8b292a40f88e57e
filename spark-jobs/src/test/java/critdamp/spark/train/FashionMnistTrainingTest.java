package critdamp.spark.train;

import critdamp.run.RunFiles;
import critdamp.spark.data.TrainingData;
import critdamp.base.Json;
import critdamp.config.TrainConfig;
import critdamp.data.SyntheticFashionMnist;
import critdamp.run.Checkpoints;
import critdamp.run.EpochRecord;
import critdamp.run.Provenance;
import critdamp.run.RunFolder;
import critdamp.spark.pipeline.AttributionStage;
import critdamp.spark.pipeline.StageData;
import critdamp.spark.testing.SharedSpark;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The train job end to end on Spark local mode with {@code data.dataset=fashion_mnist} (generated idx files, gzipped
 * like Debian's): the small CNN is built for 1x28x28 input, learns the classes well above chance, and the attribution
 * stage runs on the same data through {@link StageData}.
 */
@ExtendWith(SharedSpark.class)
class FashionMnistTrainingTest {
    @TempDir
    static Path tmp;
    private static JavaSparkContext sc;
    private static Path data;

    @BeforeAll
    static void start(JavaSparkContext spark) throws Exception {
        data = SyntheticFashionMnist.write(tmp.resolve("fmnist"), 640, 200, 21L, true);
        sc = spark;
    }

    @Test
    void trainsTheSmallCnnOnFashionMnistWellAboveChance() throws Exception {
        TrainConfig cfg = TrainingFixture.config(data, tmp.resolve("runs"), "fm", "data.dataset=fashion_mnist",
                "training.epochs=3", "learningRate.baseLr=0.1", "data.augment=true");
        TrainingRun.Outcome outcome = TrainingRun.run(cfg, false, "test");
        Path run = TrainingFixture.folder(outcome);

        List<EpochRecord> epochs = TrainingFixture.epochs(run);
        assertThat(epochs).hasSize(3);
        assertThat(outcome.result().finalTestAccuracy()).as("test accuracy well above chance (0.1)")
                .isGreaterThan(0.6);
        Provenance provenance = Json.mapper().readValue(Files.readString(run.resolve(RunFiles.RUN_JSON)),
                Provenance.class);
        assertThat(provenance.data()).containsEntry("dataset", "fashion_mnist").containsEntry("trainRecords", "640");

        RunFolder folder = RunFolder.open(sc.hadoopConfiguration(), run.getParent().toString(),
                run.getFileName().toString(), true);
        ComputationGraph model = new Checkpoints(folder).latestGood().orElseThrow().model();
        assertThat(model.outputSingle(Nd4j.zeros(2, 1, 28, 28)).shape()).containsExactly(2, 10);

        TrainingData stageData = StageData.load(sc, cfg);
        try {
            AttributionStage.Outcome attribution = AttributionStage.run(sc, cfg, folder, model, stageData,
                    new PrintStream(new ByteArrayOutputStream(), true));
            assertThat(attribution.selection().flaggedGroups()).isNotEmpty();
        } finally {
            stageData.release();
        }
    }
}
