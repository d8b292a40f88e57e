package critdamp.spark.train;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.config.TrainConfig;
import critdamp.run.RoundRecord;
import critdamp.schedule.AppliedHyperparameters;
import critdamp.spark.testing.LocalClusterHome;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The train job with executors in separate JVMs ({@code local-cluster[2,1,2048]}): the model, its updater and the
 * pinned schedules travel by serialization, as on a real cluster. Asserts that learning happened and that the
 * executors applied exactly the driver's (alpha, mu) of every round, from their own files.
 */
class MultiJvmTrainingTest {
    @TempDir
    static Path tmp;
    private static JavaSparkContext sc;
    private static Path applied;

    @BeforeAll
    static void start() {
        LocalClusterHome.prepare();
        applied = tmp.resolve("applied");
        sc = new JavaSparkContext(new SparkConf().setAppName("MultiJvmTrainingTest")
                .setMaster("local-cluster[2,1,2048]")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set("spark.executor.extraJavaOptions", LocalClusterHome.executorJavaOptions()
                        + " -D" + AppliedHyperparameters.PROPERTY + "=" + applied)
                .set("spark.executorEnv.OMP_NUM_THREADS", "1"));
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    @Test
    void executorsLearnWithTheDriversMomentumEveryRound() {
        Path data = TrainingFixture.writeData(tmp.resolve("cifar"), 160, 200);
        TrainConfig cfg = TrainingFixture.config(data, tmp.resolve("runs"), "multi", "training.epochs=3",
                "spark.master=local-cluster[2,1,2048]");
        TrainingRun.Outcome outcome = TrainingRun.run(cfg, false, "test");
        List<RoundRecord> rounds = TrainingFixture.rounds(TrainingFixture.folder(outcome));

        assertThat(outcome.result().finalTestAccuracy()).as("learned: well above chance").isGreaterThan(0.3);

        List<AppliedHyperparameters.Applied> seen = AppliedHyperparameters.readAll(applied);
        long driverPid = ProcessHandle.current().pid();
        Set<Long> pids = seen.stream().map(AppliedHyperparameters.Applied::pid).collect(Collectors.toSet());
        assertThat(pids).as("two executor JVMs, not the driver").hasSize(2).doesNotContain(driverPid);
        Set<String> driverPairs = rounds.stream().map(r -> key(r.alpha(), r.mu())).collect(Collectors.toSet());
        Set<String> workerPairs = seen.stream().map(a -> key(a.alpha(), a.mu())).collect(Collectors.toSet());
        // Cosine alpha differs every round, so each (alpha, mu) pair names one round.
        assertThat(workerPairs).as("every value a worker applied is one the driver computed")
                .isSubsetOf(driverPairs);
        assertThat(workerPairs).as("every round's values were applied by a worker").isEqualTo(driverPairs);
    }

    private static String key(double alpha, double mu) {
        return Double.doubleToLongBits(alpha) + ":" + Double.doubleToLongBits(mu);
    }
}
