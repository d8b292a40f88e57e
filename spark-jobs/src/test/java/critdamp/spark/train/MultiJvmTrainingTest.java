package critdamp.spark.train;

import critdamp.run.RunFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import critdamp.config.TrainConfig;
import critdamp.run.RoundRecord;
import critdamp.optim.AppliedHyperparameters;
import critdamp.spark.testing.LocalClusterHome;
import critdamp.spark.testing.OwnSparkContext;
import critdamp.spark.testing.StandaloneCluster;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The train job on a real Spark standalone cluster on loopback: a master and two one-core workers started from the
 * project's jars, executors in their own JVMs, so the model, its updater and the pinned schedules travel by
 * serialization as on any cluster. Asserts that learning happened, that the executors applied exactly the driver's
 * (alpha, mu) of every round (read from their own files), that their own networks ran the oneDNN helpers, and that
 * a run whose executor is killed mid-training
 * completes every round and ends where the fault-free run does. Its own context: on the cluster's master.
 */
@ExtendWith(OwnSparkContext.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiJvmTrainingTest {
    @TempDir
    static Path tmp;
    private static StandaloneCluster cluster;
    private static JavaSparkContext sc;
    private static Path applied;
    private static Path data;
    private static TrainingRun.Outcome faultFree;

    @BeforeAll
    static void start() {
        cluster = StandaloneCluster.start(2, "2g", tmp.resolve("cluster"));
        applied = tmp.resolve("applied");
        data = TrainingFixture.writeData(tmp.resolve("cifar"), 160, 200);
        sc = new JavaSparkContext(new SparkConf().setAppName("MultiJvmTrainingTest")
                .setMaster(cluster.masterUrl())
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set("spark.executor.memory", "1500m")
                .set("spark.executor.cores", "1")
                .set("spark.executor.extraJavaOptions", LocalClusterHome.executorJavaOptions()
                        + " -D" + AppliedHyperparameters.PROPERTY + "=" + applied)
                .set("spark.executorEnv.OMP_NUM_THREADS", "1"));
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
        cluster.close();
    }

    private static TrainConfig config(String name) {
        return TrainingFixture.config(data, tmp.resolve("runs"), name, "training.epochs=3",
                "spark.master=" + cluster.masterUrl());
    }

    @Test
    @Order(1)
    void executorsLearnWithTheDriversMomentumEveryRound() throws Exception {
        faultFree = TrainingRun.run(config("multi"), false, "test");
        List<RoundRecord> rounds = TrainingFixture.rounds(TrainingFixture.folder(faultFree));

        assertThat(faultFree.result().finalTestAccuracy()).as("learned: well above chance").isGreaterThan(0.3);
        assertThat(TrainingFixture.epochs(TrainingFixture.folder(faultFree)).get(2).trainLoss())
                .as("loss fell").isLessThan(0.7 * rounds.get(0).loss());

        List<AppliedHyperparameters.Applied> seen = AppliedHyperparameters.readAll(applied);
        long driverPid = ProcessHandle.current().pid();
        Set<Long> pids = seen.stream().map(AppliedHyperparameters.Applied::pid).collect(Collectors.toSet());
        assertThat(pids).as("two executor JVMs, not the driver").hasSize(2).doesNotContain(driverPid);
        Set<String> driverPairs = rounds.stream().map(r -> key(r.alpha(), r.mu())).collect(Collectors.toSet());
        Set<String> workerPairs = seen.stream().map(a -> key(a.alpha(), a.mu())).collect(Collectors.toSet());
        // Cosine alpha differs every round, so each (alpha, mu) pair names one round.
        assertThat(workerPairs).as("every value a worker applied is one the driver computed").isSubsetOf(driverPairs);
        assertThat(workerPairs).as("every round's values were applied by a worker").isEqualTo(driverPairs);

        // The executors' own networks ran the oneDNN helpers (the driver having them proves nothing about them).
        List<ExecutorHelpers> executors = List.of(new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                TrainingFixture.folder(faultFree).resolve(RunFiles.EXECUTORS_JSON).toFile(),
                ExecutorHelpers[].class));
        assertThat(executors).extracting(ExecutorHelpers::pid).as("the same two executor JVMs")
                .containsExactlyInAnyOrderElementsOf(pids);
        assertThat(executors).allSatisfy(e -> {
            assertThat(e.layers()).isGreaterThan(0);
            assertThat(e.allFast()).as(e.describe()).isTrue();
            assertThat(e.nativeLibrary()).contains("onednn");
        });
    }

    @Test
    @Order(2)
    void aKilledExecutorCostsARetryNotTheRun() throws Exception {
        TrainConfig cfg = config("killed");
        Path rounds = tmp.resolve("runs/killed/rounds.jsonl");
        AtomicReference<Optional<Long>> killed = new AtomicReference<>(Optional.empty());
        Thread killer = new Thread(() -> {
            try {
                while (!Files.exists(rounds) || Files.readAllLines(rounds).size() < 3) {
                    Thread.sleep(50);
                }
                killed.set(cluster.killOneExecutor());
            } catch (Exception e) {
                Thread.currentThread().interrupt();
            }
        });
        killer.setDaemon(true);
        killer.start();
        TrainingRun.Outcome outcome = TrainingRun.run(cfg, false, "test");
        killer.join(1000);

        assertThat(killed.get()).as("an executor was killed during training").isPresent();
        List<RoundRecord> done = TrainingFixture.rounds(TrainingFixture.folder(outcome));
        List<RoundRecord> reference = TrainingFixture.rounds(TrainingFixture.folder(faultFree));
        assertThat(done).as("every round trained, none skipped").hasSameSizeAs(reference);
        // The failed task is retried from the same broadcast parameters on the same shard (re-read from its file),
        // so the run ends where the fault-free one does, up to float summation order.
        assertThat(outcome.result().finalTestAccuracy())
                .isCloseTo(faultFree.result().finalTestAccuracy(), within(0.05));
        assertThat(done.get(done.size() - 1).loss()).isCloseTo(reference.get(reference.size() - 1).loss(),
                within(0.05));
    }

    private static String key(double alpha, double mu) {
        return Double.doubleToLongBits(alpha) + ":" + Double.doubleToLongBits(mu);
    }
}
