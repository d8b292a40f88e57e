package critdamp.spark.train;

import critdamp.base.Json;
import static org.assertj.core.api.Assertions.assertThat;

import critdamp.config.TrainConfig;
import critdamp.run.Checkpoints;
import critdamp.run.RunFolder;
import critdamp.spark.testing.LocalClusterHome;
import critdamp.spark.testing.SharedSpark;
import critdamp.spark.testing.StandaloneCluster;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The driver killed (SIGKILL) in the middle of training, as a crashed machine would, then the run continued with
 * {@code --resume}: it ends with every epoch and round logged once, the checkpoints written before the kill still pass
 * their checksums, and the final parameters match an uninterrupted run of the same config. The killed driver is a JVM
 * of its own; the resumed and the uninterrupted runs train in this one, on the shared context.
 */
@ExtendWith(SharedSpark.class)
class DriverKillResumeTest {
    @TempDir
    static Path tmp;
    private static JavaSparkContext sc;

    @BeforeAll
    static void start(JavaSparkContext spark) {
        sc = spark;
    }

    @Test
    void aKilledDriverResumesFromItsLastCheckpointAndLosesNothing() throws Exception {
        Path data = TrainingFixture.writeData(tmp.resolve("cifar"), 160, 200);
        // every checkpoint kept, so that those written before the kill can be checked after the resume
        TrainConfig cfg = TrainingFixture.config(data, tmp.resolve("runs"), "killed", "training.epochs=3",
                "training.keepCheckpoints=1000");
        Path configFile = tmp.resolve("killed.json");
        Files.writeString(configFile, Json.write(cfg));
        Path run = tmp.resolve("runs/killed");

        Process driver = startDriver(configFile);
        try {
            Path rounds = run.resolve("rounds.jsonl");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while ((!Files.exists(rounds) || Files.readAllLines(rounds).size() < 6) && driver.isAlive()) {
                assertThat(System.nanoTime()).as("the driver trained 6 rounds in time").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(driver.isAlive()).as("the driver was still training when killed").isTrue();
        } finally {
            driver.destroyForcibly().waitFor();
        }
        List<String> sidecarsBefore = sidecars(run);
        assertThat(sidecarsBefore).as("a checkpoint was written before the kill").isNotEmpty();

        TrainingRun.Outcome resumed = TrainingRun.run(cfg, true, "test --resume");
        TrainingRun.Outcome uninterrupted = TrainingRun.run(
                TrainingFixture.config(data, tmp.resolve("runs"), "uninterrupted", "training.epochs=3"), false, "test");

        assertThat(resumed.result().epochs()).isEqualTo(3);
        assertThat(TrainingFixture.epochs(run)).extracting(e -> e.epoch()).containsExactly(1, 2, 3);
        assertThat(TrainingFixture.rounds(run)).extracting(r -> r.globalRound())
                .isEqualTo(TrainingFixture.rounds(TrainingFixture.folder(uninterrupted)).stream()
                        .map(r -> r.globalRound()).toList());
        assertThat(sidecars(run)).containsAll(sidecarsBefore);
        RunFolder folder = RunFolder.open(sc.hadoopConfiguration(), run.getParent().toString(), "killed", true);
        assertThat(new Checkpoints(folder).latestGood()).isPresent();
        ComputationGraph a = new Checkpoints(folder).latestGood().orElseThrow().model();
        ComputationGraph b = new Checkpoints(RunFolder.open(sc.hadoopConfiguration(), run.getParent().toString(),
                "uninterrupted", true)).latestGood().orElseThrow().model();
        // Same seed, data order and driver-pinned alpha/mu from the checkpoint's position on; what may differ is
        // float summation order in native kernels on 2 threads.
        assertThat(a.params().sub(b.params()).amaxNumber().doubleValue()).isLessThan(1e-4);
    }

    private static Process startDriver(Path configFile) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx2g");
        cmd.addAll(StandaloneCluster.OPENS);
        cmd.addAll(Arrays.asList(LocalClusterHome.executorJavaOptions().split(" ")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "critdamp.spark.cli.CritdampMain",
                "train", "-c", configFile.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("driver.log").toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }

    private static List<String> sidecars(Path run) throws Exception {
        try (var files = Files.list(run.resolve("checkpoints"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ckpt-") && n.endsWith(".json"))
                    .sorted().toList();
        }
    }
}
