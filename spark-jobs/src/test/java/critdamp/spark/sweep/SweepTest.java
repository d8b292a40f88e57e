package critdamp.spark.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import critdamp.base.ConfigException;
import critdamp.base.Json;
import critdamp.config.SweepConfig;
import critdamp.run.LeaseHolder;
import critdamp.run.RunFiles;
import critdamp.run.RunFolder;
import critdamp.run.RunFolderBusyException;
import critdamp.spark.testing.ConsoleCapture;
import critdamp.data.SyntheticCifar10;
import critdamp.spark.testing.SharedSpark;
import critdamp.sweep.PointResult;
import critdamp.sweep.PointStatus;
import critdamp.sweep.SeedGroup;
import critdamp.sweep.SweepGrid;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Sweeps end to end on Spark local mode (the {@link SharedSpark} context), 1 epoch per point on tiny synthetic
 * CIFAR-format data: tables, seed summary and report are written, naming run folders relative to the sweep folder; a
 * diverging point is recorded as failed while the others finish; a resumed sweep skips finished points and runs the
 * failed one again, and refuses to start when its file now trains a done point otherwise (not when it only measures
 * it otherwise); a sweep folder or point folder that another live process holds is left alone.
 */
@ExtendWith(SharedSpark.class)
class SweepTest {
    @TempDir
    static Path tmp;
    private static Path base;

    @BeforeAll
    static void start() throws Exception {
        Path data = tmp.resolve("cifar");
        SyntheticCifar10.write(data, 64, 60, 11L);
        base = tmp.resolve("base.yaml");
        Files.writeString(base, String.join("\n",
                "run: {name: base, resultsDir: '" + tmp.resolve("unused") + "', seed: 5}",
                "data: {dir: '" + data + "', augment: false, validationFraction: 0.1, maxTestRecords: 60}",
                "model: {kind: small_cnn}",
                "optimizer: {kind: heavy_ball, weightDecay: 0.0005}",
                "learningRate: {kind: cosine, baseLr: 0.05}",
                "momentum: {kind: physics}",
                "training: {epochs: 1, batchSize: 32, targetAccuracies: [0.1, 0.99], logEveryRounds: 1}",
                "spark: {master: 'local[2]', workers: 2, averagingFrequency: 2}", ""));
    }

    private static Sweep.Outcome sweep(String yaml, boolean resume) throws Exception {
        Path file = tmp.resolve("sweep-" + Math.abs(yaml.hashCode()) + ".yaml");
        Files.writeString(file, yaml);
        SweepConfig cfg = SweepConfig.load(file, List.of());
        return new Sweep(cfg, SweepGrid.expand(cfg), "test").run(resume);
    }

    @Test
    void twoSchedulesTimesTwoSeedsWriteTablesSummaryAndReport() throws Exception {
        Sweep.Outcome out = sweep(String.join("\n", "name: schedules", "base: '" + base + "'",
                "resultsDir: '" + tmp.resolve("sweeps") + "'",
                "grid:", "  momentum.kind: [constant, physics]", "  run.seed: [1, 2]", ""), false);

        assertThat(out.results()).extracting(PointResult::status).containsOnly(PointStatus.DONE).hasSize(4);
        assertThat(out.results()).extracting(PointResult::label).containsExactly(
                "momentum.kind=constant,run.seed=1", "momentum.kind=constant,run.seed=2",
                "momentum.kind=physics,run.seed=1", "momentum.kind=physics,run.seed=2");
        Path dir = tmp.resolve("sweeps/schedules");
        List<String> results = Files.readAllLines(dir.resolve("results.csv"));
        assertThat(results).hasSize(5);
        assertThat(results.get(0)).startsWith("point,momentum.kind,run.seed,status,epochs,final_test_accuracy");
        assertThat(Files.readAllLines(dir.resolve("results.jsonl"))).hasSize(4);
        assertThat(results.get(1)).as("run folders relative to the sweep folder")
                .endsWith(",points/momentum.kind-constant__run.seed-1");
        assertThat(Files.readAllLines(dir.resolve("points.jsonl")))
                .allSatisfy(l -> assertThat(l).contains("\"runFolder\":\"points/momentum.kind-"));
        assertThat(Files.readString(dir.resolve("points/momentum.kind-physics__run.seed-2/summary.json")))
                .as("summary.json names its checkpoint relative to the run folder")
                .containsPattern("\"lastCheckpoint\" ?: ?\"checkpoints/ckpt-");
        for (String f : List.of("results.csv", "results.jsonl", "points.jsonl")) {
            assertThat(Files.readString(dir.resolve(f))).as(f).doesNotContain("file:", tmp.toString());
        }

        assertThat(out.groups()).extracting(SeedGroup::label)
                .containsExactly("momentum.kind=constant", "momentum.kind=physics");
        for (SeedGroup g : out.groups()) {
            assertThat(g.n()).isEqualTo(2);
            List<Double> finals = out.results().stream().filter(r -> g.points().contains(r.name()))
                    .map(PointResult::finalTestAccuracy).toList();
            double mean = (finals.get(0) + finals.get(1)) / 2;
            assertThat(g.finalTestAccuracy().mean()).isCloseTo(mean, org.assertj.core.api.Assertions.within(1e-12));
            assertThat(g.finalTestAccuracy().sd()).isCloseTo(Math.abs(finals.get(0) - finals.get(1)) / Math.sqrt(2),
                    org.assertj.core.api.Assertions.within(1e-12));
        }
        List<String> summary = Files.readAllLines(dir.resolve("summary.csv"));
        assertThat(summary).hasSize(3);
        assertThat(summary.get(0)).contains("final_test_accuracy_mean", "final_test_accuracy_sd", "reached_test_0.99");
        assertThat(summary.get(1)).startsWith("momentum.kind=constant,constant,2,0,");

        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("data:image/png;base64,", "<table>", "Summary over seeds", "momentum.kind=physics");
        assertThat(html).doesNotContain("<script");
        assertThat(dir.resolve("report/sweep-accuracy-epoch.png")).isRegularFile();
        assertThat(dir.resolve("points/momentum.kind-physics__run.seed-2/report.html")).isRegularFile();
    }

    @Test
    void failingPointIsRecordedTheOthersFinishAndResumeRerunsOnlyIt() throws Exception {
        String yaml = String.join("\n", "name: lr", "base: '" + base + "'",
                "resultsDir: '" + tmp.resolve("sweeps") + "'",
                "overrides: {learningRate.kind: constant, momentum.kind: constant}",
                "grid:", "  learningRate.baseLr: [0.05, 1.0e6, 0.02]", "");
        Sweep.Outcome first = sweep(yaml, false);
        Map<String, PointResult> byLr = first.results().stream()
                .collect(Collectors.toMap(r -> String.valueOf(r.values().get("learningRate.baseLr")), r -> r));
        assertThat(byLr.get("1000000.0").status()).isEqualTo(PointStatus.FAILED);
        assertThat(byLr.get("1000000.0").error()).contains("DivergenceException", "diverged");
        assertThat(byLr.get("0.05").status()).isEqualTo(PointStatus.DONE);
        assertThat(byLr.get("0.02").status()).as("the point after the failure ran").isEqualTo(PointStatus.DONE);
        Path dir = tmp.resolve("sweeps/lr");
        assertThat(Files.readString(dir.resolve("results.csv"))).contains("failed", "DivergenceException");

        Path done = dir.resolve("points/learningRate.baseLr-0.05/summary.json");
        FileTime before = Files.getLastModifiedTime(done);
        Sweep.Outcome resumed = sweep(yaml, true);

        assertThat(Files.getLastModifiedTime(done)).as("finished point not re-run").isEqualTo(before);
        assertThat(dir.resolve("points/learningRate.baseLr-0.05-2")).doesNotExist();
        assertThat(dir.resolve("attempts/learningRate.baseLr-1000000.0-1")).as("failed attempt kept").isDirectory();
        assertThat(dir.resolve("points/learningRate.baseLr-1000000.0/run.json")).as("failed point re-run")
                .isRegularFile();
        long runningLines = Files.readAllLines(dir.resolve("points.jsonl")).stream()
                .filter(l -> l.contains("\"running\"")).count();
        assertThat(runningLines).as("3 starts, then 1 restart").isEqualTo(4);
        assertThat(resumed.results()).extracting(PointResult::status)
                .containsExactly(PointStatus.DONE, PointStatus.FAILED, PointStatus.DONE);
    }

    /**
     * A session that ends mid-point leaves the point "running" with checkpoints; the resumed sweep continues it from
     * the last good one (the epochs before it are kept, not retrained) instead of moving it aside and starting over.
     */
    @Test
    void anInterruptedPointContinuesFromItsLastCheckpoint() throws Exception {
        String yaml = String.join("\n", "name: interrupted", "base: '" + base + "'",
                "resultsDir: '" + tmp.resolve("sweeps") + "'",
                "overrides: {training.epochs: 2, training.keepCheckpoints: 10}",
                "grid:", "  learningRate.baseLr: [0.05]", "");
        sweep(yaml, false);
        Path dir = tmp.resolve("sweeps/interrupted");
        Path point = dir.resolve("points/learningRate.baseLr-0.05");
        String firstEpoch = Files.readAllLines(point.resolve("epochs.jsonl")).get(0);
        // As a killed session leaves it: the last checkpoint not yet written, no summary, the point still running.
        List<Path> sidecars;
        try (var files = Files.list(point.resolve("checkpoints"))) {
            sidecars = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(sidecars).as("checkpoints of the 2 epochs").hasSizeGreaterThanOrEqualTo(2);
        Path newest = sidecars.get(sidecars.size() - 1);
        Files.delete(newest);
        Files.delete(Path.of(newest.toString().replace(".json", ".zip")));
        Files.delete(point.resolve("summary.json"));
        String running = Files.readAllLines(dir.resolve("points.jsonl")).stream()
                .filter(l -> l.contains("\"running\"")).findFirst().orElseThrow();
        Files.writeString(dir.resolve("points.jsonl"), running + "\n", java.nio.file.StandardOpenOption.APPEND);
        Files.deleteIfExists(dir.resolve(".points.jsonl.crc")); // Hadoop's local checksum of the file as it was

        Sweep.Outcome resumed = sweep(yaml, true);

        assertThat(dir.resolve("attempts")).as("not moved aside and started over").doesNotExist();
        assertThat(resumed.results()).extracting(PointResult::status).containsExactly(PointStatus.DONE);
        assertThat(point.resolve("summary.json")).isRegularFile();
        List<String> epochs = Files.readAllLines(point.resolve("epochs.jsonl"));
        assertThat(epochs).hasSize(2);
        assertThat(epochs.get(0)).as("epoch 1 kept as it was, wall time included").isEqualTo(firstEpoch);
        try (var files = Files.list(point)) {
            assertThat(files.map(f -> f.getFileName().toString())).as("the resumed run's provenance")
                    .anyMatch(n -> n.startsWith("run-resumed-"));
        }
    }

    @Test
    void resumeRefusesAFileThatNowTrainsADonePointOtherwiseButNotOneThatOnlyMeasuresOtherwise() throws Exception {
        String head = String.join("\n", "name: drift", "base: '" + base + "'",
                "resultsDir: '" + tmp.resolve("sweeps") + "'", "");
        sweep(head + "overrides: {training.epochs: 1}\ngrid: {learningRate.baseLr: [0.05]}\n", false);
        Path dir = tmp.resolve("sweeps/drift");
        Map<Path, FileTime> points = files(dir.resolve("points"));
        List<String> log = Files.readAllLines(dir.resolve("points.jsonl"));

        assertThatThrownBy(() -> sweep(head + "overrides: {training.epochs: 2}\n"
                + "grid: {learningRate.baseLr: [0.05, 0.02]}\n", true))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("point learningRate.baseLr=0.05 was trained with training.epochs = 1 (")
                .hasMessageContaining("points/learningRate.baseLr-0.05/config.json")
                .hasMessageContaining("the file now gives training.epochs = 2")
                .hasMessageContaining("restore the file, or start a new study folder / name");
        assertThat(files(dir.resolve("points"))).as("no point folder touched, the new point not started")
                .isEqualTo(points);
        assertThat(dir.resolve(Sweep.ATTEMPTS_DIR)).doesNotExist();
        assertThat(Files.readAllLines(dir.resolve("points.jsonl"))).isEqualTo(log);

        Sweep.Outcome resumed = sweep(head + "overrides: {training.epochs: 1, training.targetAccuracies: [0.2], "
                + "training.logEveryRounds: 3}\ngrid: {learningRate.baseLr: [0.05, 0.02]}\n", true);
        assertThat(resumed.results()).extracting(PointResult::status).containsExactly(PointStatus.DONE,
                PointStatus.DONE);
        Map<Path, FileTime> after = files(dir.resolve("points"));
        points.forEach((file, time) -> assertThat(after.get(file)).as("done point kept: " + file).isEqualTo(time));
        assertThat(dir.resolve("points/learningRate.baseLr-0.02/summary.json")).as("the new point trained")
                .isRegularFile();
    }

    /**
     * One writer per folder: a sweep whose folder another live process holds refuses before writing anything, and a
     * point whose own run folder another live process holds (a manual {@code train --resume} of it) is skipped with a
     * warning, its folder and state untouched, while the other points train.
     */
    @Test
    void aHeldSweepFolderIsRefusedAndAPointWhoseFolderIsHeldIsSkipped() throws Exception {
        String head = String.join("\n", "name: held", "base: '" + base + "'",
                "resultsDir: '" + tmp.resolve("sweeps") + "'", "");
        sweep(head + "grid: {learningRate.baseLr: [0.05]}\n", false);
        Path dir = tmp.resolve("sweeps/held");
        Map<Path, FileTime> before = files(dir);
        String twoPoints = head + "grid: {learningRate.baseLr: [0.05, 0.02]}\n";

        try (RunFolder held = RunFolder.open(new Configuration(), tmp.resolve("sweeps").toString(), "held", true)) {
            assertThatThrownBy(() -> sweep(twoPoints, true)).isInstanceOf(RunFolderBusyException.class)
                    .hasMessageContaining("run folder file:" + dir + " is in use by another run: pid "
                            + ProcessHandle.current().pid());
        }
        assertThat(files(dir)).as("nothing written by the refused sweep").isEqualTo(before);

        Path heldPoint = dir.resolve("points/learningRate.baseLr-0.02");
        Files.createDirectories(heldPoint);
        Files.writeString(heldPoint.resolve(RunFiles.LEASE), Json.writeLine(new LeaseHolder("node-7", 4242,
                "2026-12-07T09:59:58Z", null, "2026-12-07T10:00:00Z", "critdamp train --resume", "t-point")));
        Sweep.Outcome resumed;
        try (ConsoleCapture console = new ConsoleCapture()) {
            resumed = sweep(twoPoints, true);
            assertThat(console.logged()).anyMatch(l -> l.contains("learningRate.baseLr=0.02: skipped: its run folder "
                    + "is in use by pid 4242 on host node-7"));
        }
        assertThat(resumed.results()).extracting(PointResult::status).containsExactly(PointStatus.DONE,
                PointStatus.PENDING);
        try (var s = Files.list(heldPoint)) {
            assertThat(s.map(f -> f.getFileName().toString())).as("the held point's folder untouched")
                    .containsExactly(RunFiles.LEASE);
        }
        assertThat(dir.resolve(Sweep.ATTEMPTS_DIR)).doesNotExist();
        assertThat(Files.readString(dir.resolve(Sweep.POINTS_LOG))).doesNotContain("baseLr-0.02");
    }

    /** Every file under {@code dir} and its last change. */
    private static Map<Path, FileTime> files(Path dir) throws Exception {
        Map<Path, FileTime> m = new HashMap<>();
        try (var s = Files.walk(dir).filter(Files::isRegularFile)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                m.put(p, Files.getLastModifiedTime(p));
            }
        }
        return m;
    }
}
