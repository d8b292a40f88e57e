package critdamp.spark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import critdamp.base.ConfigException;
import critdamp.base.Json;
import critdamp.config.TrainConfig;
import critdamp.run.EpochRecord;
import critdamp.spark.testing.SharedSpark;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a run decides reads validation accuracy, never test: the summary's best epoch and the early stop
 * ({@code training.stopAtAccuracy}), which without a validation split refuses rather than reading the test set.
 */
@ExtendWith(SharedSpark.class)
class ValidationChoicesTest {
    @TempDir
    static Path tmp;

    private static EpochRecord epoch(int e, double val, double test) {
        return new EpochRecord(e, 10L * e, 0.05, 0.9, 1.0, val, test, 1.0, 10.0 * e, 100);
    }

    @Test
    void theSummarysBestEpochIsChosenOnValidationAndMeasuredOnTest() {
        DistributedTrainer.Result r = DistributedTrainer.Result.of(3, List.of(epoch(1, 0.4, 0.3), epoch(2, 0.6, 0.5),
                epoch(3, 0.55, 0.7)), 30, 300, List.of(), null);
        assertThat(r.bestValidationEpoch()).isEqualTo(2);
        assertThat(r.bestValidationAccuracy()).isEqualTo(0.6);
        assertThat(r.testAccuracyAtBestValidation()).as("test at the chosen epoch, not the highest test").isEqualTo(0.5);
        assertThat(r.finalTestAccuracy()).isEqualTo(0.7);
        assertThat(r.finalValidationAccuracy()).isEqualTo(0.55);
        DistributedTrainer.Result none = DistributedTrainer.Result.of(1, List.of(epoch(1, Double.NaN, 0.3)), 10, 100,
                List.of(), null);
        assertThat(none.bestValidationEpoch()).isZero();
        assertThat(none.testAccuracyAtBestValidation()).isNaN();
    }

    @Test
    void theEarlyStopReadsValidationAndTheSummaryNamesTheSplits() throws Exception {
        Path data = TrainingFixture.writeData(tmp.resolve("cifar"), 64, 60);
        TrainConfig cfg = TrainingFixture.config(data, tmp.resolve("runs"), "stop", "training.epochs=3",
                "training.stopAtAccuracy=0.0");
        TrainingRun.Outcome o = TrainingRun.run(cfg, false, "test");
        assertThat(o.result().epochs()).as("validation accuracy >= 0 after the first epoch").isEqualTo(1);
        JsonNode summary = Json.mapper().readTree(Files.readString(TrainingFixture.folder(o).resolve("summary.json")));
        assertThat(summary.has("bestTestAccuracy")).isFalse();
        assertThat(summary.path("bestValidationEpoch").asInt()).isEqualTo(1);
        assertThat(summary.path("testAccuracyAtBestValidation").asDouble())
                .isEqualTo(summary.path("finalTestAccuracy").asDouble());

        TrainConfig noValidation = TrainingFixture.config(data, tmp.resolve("runs"), "noval", "training.epochs=2",
                "training.stopAtAccuracy=0.0", "data.validationFraction=0");
        assertThatThrownBy(() -> TrainingRun.run(noValidation, false, "test")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("training.stopAtAccuracy").hasMessageContaining("validation");
    }
}
