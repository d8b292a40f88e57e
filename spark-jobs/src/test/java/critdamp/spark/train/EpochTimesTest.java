package critdamp.spark.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import critdamp.config.TrainConfig;
import critdamp.run.EpochRecord;
import critdamp.run.EpochTimes;
import critdamp.spark.testing.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each epoch record says where the seconds since the previous one went: rounds (with their data jobs and the workers'
 * fits inside), evaluation and writing add up to no more than the wall time between the records, and what is left
 * (the driver's own bookkeeping) is small; without {@code spark.collectTimings} the parts read from DL4J's stats are
 * NaN and the rest is still kept.
 */
@ExtendWith(SharedSpark.class)
class EpochTimesTest {
    @TempDir
    static Path tmp;

    @Test
    void theTimesOfEachEpochAddUpToTheWallTimeBetweenRecords() {
        Path data = TrainingFixture.writeData(tmp.resolve("cifar"), 160, 200);
        TrainConfig cfg = TrainingFixture.config(data, tmp.resolve("runs"), "timed", "training.epochs=2",
                "spark.collectTimings=true");
        List<EpochRecord> epochs = TrainingFixture.epochs(TrainingFixture.folder(TrainingRun.run(cfg, false, "test")));

        assertThat(epochs).hasSize(2);
        double previousWall = 0;
        for (EpochRecord e : epochs) {
            EpochTimes t = e.times();
            double interval = e.wallSeconds() - previousWall;
            assertThat(t.rounds()).as("epoch %d rounds", e.epoch()).isPositive();
            assertThat(t.data()).as("epoch %d data jobs", e.epoch()).isPositive();
            assertThat(t.compute()).as("epoch %d compute", e.epoch()).isPositive();
            assertThat(t.data() + t.compute()).as("epoch %d parts of the rounds", e.epoch()).isLessThan(t.rounds());
            assertThat(t.evaluation()).as("epoch %d evaluation", e.epoch()).isPositive();
            assertThat(t.writing()).as("epoch %d writing (metrics, checkpoints)", e.epoch()).isPositive();
            assertThat(t.gc()).as("epoch %d GC", e.epoch()).isGreaterThanOrEqualTo(0.0).isLessThan(interval);
            double accounted = t.rounds() + t.evaluation() + t.writing();
            assertThat(accounted).as("epoch %d accounted", e.epoch()).isLessThanOrEqualTo(interval)
                    .isGreaterThan(0.8 * interval);
            previousWall = e.wallSeconds();
        }
    }

    @Test
    void withoutCollectedTimingsTheStatsPartsAreNaN() {
        Path data = TrainingFixture.writeData(tmp.resolve("cifar-plain"), 160, 200);
        TrainConfig cfg = TrainingFixture.config(data, tmp.resolve("runs"), "plain", "training.epochs=1");
        EpochTimes t = TrainingFixture.epochs(TrainingFixture.folder(TrainingRun.run(cfg, false, "test"))).get(0)
                .times();
        assertThat(t.data()).isNaN();
        assertThat(t.compute()).isNaN();
        assertThat(t.rounds()).isPositive();
        assertThat(t.evaluation()).isPositive();
    }
}
