package critdamp.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code critdamp schedule} counts an epoch's steps from the configured data: the data set's training split, capped
 * by {@code data.maxTrainRecords}, minus the validation split, over batch size x workers.
 */
class ScheduleCommandTest {
    private static TrainConfig config(String file, String... overrides) {
        return ConfigLoader.load("../conf/" + file, List.of(overrides), TrainConfig.class);
    }

    @Test
    void cifar10TrainsOnItsFiftyThousandLessValidation() {
        TrainConfig cfg = config("cifar10-small-cnn.yaml");
        assertThat(ScheduleCommand.trainingRecords(cfg.data())).isEqualTo(45_000L);
        assertThat(ScheduleCommand.defaultStepsPerEpoch(cfg)).isEqualTo(704); // 45,000 / (32 x 2), rounded up
    }

    @Test
    void fashionMnistTrainsOnItsSixtyThousandLessValidation() {
        TrainConfig cfg = config("fashion-mnist-small-cnn.yaml");
        assertThat(ScheduleCommand.trainingRecords(cfg.data())).isEqualTo(54_000L);
        assertThat(ScheduleCommand.defaultStepsPerEpoch(cfg)).isEqualTo(422); // 54,000 / 128 = 421.9, rounded up
    }

    @Test
    void maxTrainRecordsCapsBeforeTheValidationSplit() {
        TrainConfig cfg = config("fashion-mnist-small-cnn.yaml", "data.maxTrainRecords=6000",
                "data.validationFraction=0.2", "training.batchSize=50");
        assertThat(ScheduleCommand.trainingRecords(cfg.data())).isEqualTo(4_800L);
        assertThat(ScheduleCommand.defaultStepsPerEpoch(cfg)).isEqualTo(48);
        assertThat(ScheduleCommand.trainingRecords(config("cifar10-small-cnn.yaml", "data.maxTrainRecords=80000")
                .data())).as("a cap above the data set's size").isEqualTo(45_000L);
    }

    @Test
    void theCommandPrintsTheConfiguredDataSetsSteps() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(out, true));
        try {
            assertThat(CritdampMain.execute("schedule", "-c", "../conf/fashion-mnist-small-cnn.yaml",
                    "--set", "data.maxTrainRecords=6000")).isZero();
        } finally {
            System.setOut(stdout);
        }
        // 6,000 x 0.9 = 5,400 records / (64 x 2) = 42.2 -> 43 steps per epoch, 5 epochs
        assertThat(out.toString()).contains("5 epochs x 43 steps = 215 steps");
    }
}
