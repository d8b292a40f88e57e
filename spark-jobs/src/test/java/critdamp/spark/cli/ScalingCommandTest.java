package critdamp.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import critdamp.base.Json;
import critdamp.run.RoundRecord;
import critdamp.run.RunFiles;
import critdamp.run.RunMetrics;
import critdamp.scaling.ScalingMode;
import critdamp.scaling.ScalingRow;
import critdamp.scaling.ScalingTables;
import critdamp.spark.testing.ConsoleCapture;
import critdamp.spark.testing.LocalClusterHome;
import critdamp.spark.testing.TinyRun;
import critdamp.spark.train.ExecutorHelpers;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code critdamp scaling} end to end on tiny synthetic CIFAR-format data: 1 and 2 workers in both modes, each run in
 * a JVM of its own on Spark local mode; the table's rows and their efficiency from the measured throughput; a
 * resumed study that skips a finished size and reruns an unfinished one; and on a local-cluster of one executor JVM,
 * a 1-worker size that trains there and a 2-worker size whose executors do not all register, which fails with the
 * check's one line.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScalingCommandTest {
    @TempDir
    static Path tmp;
    private static Path config;
    private static Path study;

    @BeforeAll
    static void write() {
        config = TinyRun.write(tmp, tmp.resolve("runs").toString());
        study = tmp.resolve("runs/study");
    }

    private static List<String> scaling(int expectedExit, String... args) {
        List<String> all = new ArrayList<>(List.of("scaling", "-c", config.toString()));
        all.addAll(List.of(args));
        try (ConsoleCapture console = new ConsoleCapture()) {
            int rc = CritdampMain.execute(all.toArray(String[]::new));
            assertThat(rc).as(String.join("\n", console.all())).isEqualTo(expectedExit);
            return console.all();
        }
    }

    private static List<ScalingRow> rows(Path folder) throws Exception {
        List<ScalingRow> rows = new ArrayList<>();
        for (String line : Files.readAllLines(folder.resolve(ScalingTables.JSONL))) {
            rows.add(Json.mapper().readValue(line, ScalingRow.class));
        }
        return rows;
    }

    /** Training images per second over a run's rounds after the first, from its rounds.jsonl. */
    private static double measuredThroughput(String run) {
        List<RoundRecord> rounds = RunMetrics.read(new Configuration(), study.resolve(run).toString()).rounds();
        List<RoundRecord> timed = rounds.subList(1, rounds.size());
        return timed.stream().mapToDouble(RoundRecord::images).sum()
                / timed.stream().mapToDouble(RoundRecord::seconds).sum();
    }

    @Test
    @Order(0)
    void theStudyConfigPlansBothModesAndADryRunTrainsNothing() {
        List<String> out = new ArrayList<>();
        try (ConsoleCapture console = new ConsoleCapture()) {
            int rc = CritdampMain.execute("scaling", "-c", "../conf/scaling-small-cnn.yaml", "--workers", "1,2,4",
                    "--master", "local-cluster[{N},1,1536]", "--set", "run.resultsDir=" + tmp.resolve("dry"),
                    "--dry-run");
            out.addAll(console.all());
            assertThat(rc).as(String.join("\n", out)).isZero();
        }
        assertThat(out).contains("scaling scaling-small-cnn: 5 runs for 6 points; learning-rate rule linear "
                        + "(alpha = alpha0 * B / B0; alpha0 = 0.05 at B0 = 64); target 0.25",
                "  strong-w4  4 x batch 16 = 64, peak lr 0.05, physics mu 0.553, effective step 0.1118, master "
                        + "local-cluster[4,1,1536]",
                "  weak-w4    4 x batch 64 = 256, peak lr 0.2, physics mu 0.106, effective step 0.2236, master "
                        + "local-cluster[4,1,1536]");
        assertThat(tmp.resolve("dry")).doesNotExist();
    }

    @Test
    @Order(1)
    void oneAndTwoWorkersInBothModesGiveTheTableAndThePlot() throws Exception {
        List<String> out = scaling(0, "--workers", "1,2", "--set", "run.name=study");

        assertThat(out).anyMatch(l -> l.contains("weak-w1") && l.contains("shares run strong-w1"));
        List<ScalingRow> rows = rows(study);
        assertThat(rows).extracting(r -> r.mode().configName() + "-w" + r.workers())
                .containsExactly("strong-w1", "strong-w2", "weak-w1", "weak-w2");
        Map<String, ScalingRow> byName = rows.stream()
                .collect(Collectors.toMap(r -> r.mode().configName() + "-w" + r.workers(), Function.identity()));
        assertThat(byName.get("strong-w2").perWorkerBatch()).as("global batch 16 over 2").isEqualTo(8);
        assertThat(byName.get("strong-w2").learningRate()).isEqualTo(0.05);
        assertThat(byName.get("weak-w2").perWorkerBatch()).isEqualTo(16);
        assertThat(byName.get("weak-w2").learningRate()).as("linear rule: global batch x2").isEqualTo(0.1);
        assertThat(byName.get("weak-w1")).as("the reference run, measured once")
                .isEqualTo(new ScalingRow(ScalingMode.WEAK, 1, 16, 16, 2, 0.05, byName.get("strong-w1").rounds(),
                        byName.get("strong-w1").imagesPerSecond(), 1.0, byName.get("strong-w1").roundSeconds(),
                        byName.get("strong-w1").computeSeconds(), byName.get("strong-w1").broadcastSeconds(),
                        byName.get("strong-w1").aggregateSeconds(), byName.get("strong-w1").otherSeconds(),
                        byName.get("strong-w1").bytesPerRound(), byName.get("strong-w1").paramCount(),
                        byName.get("strong-w1").timeToTargetSeconds(), 0.01,
                        byName.get("strong-w1").finalTestAccuracy(), byName.get("strong-w1").wallSeconds(),
                        "local[1]", false));

        double one = measuredThroughput("strong-w1");
        for (String mode : List.of("strong", "weak")) {
            ScalingRow two = byName.get(mode + "-w2");
            double measured = measuredThroughput(mode + "-w2");
            assertThat(two.imagesPerSecond()).isCloseTo(measured, within(1e-9 * measured));
            assertThat(two.efficiency()).as(mode).isCloseTo(measured / (2 * one), within(1e-9));
            assertThat(byName.get(mode + "-w1").efficiency()).isEqualTo(1.0);
        }
        for (ScalingRow r : rows) {
            assertThat(r.computeSeconds()).as("timings collected").isPositive();
            assertThat(r.broadcastSeconds()).isNotNegative();
            assertThat(r.aggregateSeconds()).isNotNegative();
            assertThat(r.bytesPerRound()).isEqualTo(r.workers() * byName.get("strong-w1").bytesPerRound());
            assertThat(r.paramCount()).isPositive();
            assertThat(r.timeToTargetSeconds()).as("1% is reached after the only epoch").isPositive();
            assertThat(r.master()).isEqualTo("local[" + r.workers() + "]");
        }
        // each size trained in a JVM of its own, not in this one
        ExecutorHelpers[] trained = Json.mapper().readValue(
                study.resolve("strong-w2").resolve(RunFiles.EXECUTORS_JSON).toFile(), ExecutorHelpers[].class);
        assertThat(trained).extracting(ExecutorHelpers::pid).doesNotContain(ProcessHandle.current().pid());
        assertThat(study.resolve("scaling.png")).isRegularFile();
        assertThat(study.resolve("logs/weak-w2.log")).content().contains("RESULT test accuracy");
        assertThat(Files.readString(study.resolve(ScalingTables.MARKDOWN)))
                .contains("| strong | 2 | 8 | 16 | 0.05 |", "learning-rate rule linear");
    }

    @Test
    @Order(2)
    void aResumedStudySkipsFinishedSizesAndRerunsAnUnfinishedOne() throws Exception {
        FileTime finished = Files.getLastModifiedTime(study.resolve("strong-w1/summary.json"));
        Files.delete(study.resolve("weak-w2/summary.json")); // as if the JVM had died at the end of training

        List<String> out = scaling(0, "--workers", "1,2", "--set", "run.name=study", "--resume");

        assertThat(out).anyMatch(l -> l.contains("strong-w1: done earlier, skipped"))
                .anyMatch(l -> l.contains("strong-w2: done earlier, skipped"))
                .anyMatch(l -> l.contains("weak-w2: unfinished earlier attempt moved to"));
        assertThat(Files.getLastModifiedTime(study.resolve("strong-w1/summary.json"))).isEqualTo(finished);
        assertThat(study.resolve("attempts/weak-w2-1/rounds.jsonl")).as("kept").isRegularFile();
        assertThat(study.resolve("weak-w2/summary.json")).as("trained again").isRegularFile();
        assertThat(rows(study)).hasSize(4);
    }

    @Test
    @Order(3)
    void onALocalClusterASizeTrainsInExecutorJvmsAndOneMissingExecutorsFailsWithTheCounts() throws Exception {
        LocalClusterHome.prepare();
        // a cluster of one executor: enough for 1 worker, one short for 2
        List<String> out = scaling(1, "--workers", "1,2", "--mode", "weak", "--set", "run.name=cluster",
                "--master", "local-cluster[1,1,1024]", "--executor-timeout", "15");

        Path cluster = tmp.resolve("runs/cluster");
        ExecutorHelpers[] trained = Json.mapper().readValue(
                cluster.resolve("weak-w1").resolve(RunFiles.EXECUTORS_JSON).toFile(), ExecutorHelpers[].class);
        assertThat(trained).extracting(ExecutorHelpers::executorId).as("trained by the executor").containsExactly("0");
        assertThat(rows(cluster)).singleElement().satisfies(r -> {
            assertThat(r.master()).isEqualTo("local-cluster[1,1,1024]");
            assertThat(r.computeSeconds()).isPositive();
        });
        assertThat(out).anyMatch(l -> l.contains("weak-w2: FAILED")
                && l.matches(".*only [01] of the 2 executors expected registered within 15 s "
                + "\\(master local-cluster\\[1,1,1024]\\).*"));
        assertThat(cluster.resolve("weak-w2/summary.json")).doesNotExist();
    }
}
