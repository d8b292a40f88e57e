package critdamp.spark.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import critdamp.base.ConfigException;
import critdamp.data.SyntheticCifar10;
import critdamp.spark.testing.SharedSpark;
import critdamp.sweep.LrStudyConfig;
import critdamp.sweep.LrStudyResult;
import critdamp.sweep.PointResult;
import critdamp.sweep.RateSearch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A learning-rate study end to end on Spark local mode and tiny synthetic CIFAR-format data: 2 schedules x 3 rates
 * x 1 epoch, then a second seed at each chosen rate; the chosen rate is the grid's highest final validation accuracy;
 * the tables, page and charts are written; a resumed study trains nothing that finished, and continues exactly a run
 * whose end was lost, from its last checkpoint; the ceiling run lands in ceiling/ and in the table; a resume (of the
 * study or of its ceiling) whose file now trains a run already trained otherwise is refused, and one whose file only
 * measures it otherwise goes on.
 */
@ExtendWith(SharedSpark.class)
class LrStudyTest {
    @TempDir
    static Path tmp;
    private static Path study;

    @BeforeAll
    static void start() throws Exception {
        Path data = tmp.resolve("cifar");
        SyntheticCifar10.write(data, 64, 60, 11L);
        Path base = tmp.resolve("base.yaml");
        Files.writeString(base, String.join("\n",
                "run: {name: base, resultsDir: '" + tmp.resolve("unused") + "', seed: 5}",
                "data: {dir: '" + data + "', augment: false, validationFraction: 0.1, maxTestRecords: 60}",
                "model: {kind: small_cnn}",
                "optimizer: {kind: heavy_ball, weightDecay: 0.0005}",
                "learningRate: {kind: cosine, baseLr: 0.05}",
                "momentum: {kind: physics}",
                "training: {epochs: 1, batchSize: 32, targetAccuracies: [0.1], logEveryRounds: 100}",
                "spark: {master: 'local[2]', workers: 2, averagingFrequency: 2}", ""));
        study = tmp.resolve("study.yaml");
        Files.writeString(study, String.join("\n", "name: tiny", "base: '" + base + "'",
                "resultsDir: '" + tmp.resolve("studies") + "'",
                "schedules:", "  constant: {momentum.kind: constant}", "  physics: {momentum.kind: physics}",
                "search: {lowest: 0.025, points: 3, factor: 2, maxExtensions: 0}",
                "seeds: [1, 2]", "targetFractions: [0.5]",
                "ceiling: {epochs: 1, schedule: constant, learningRate: 0.05}", ""));
    }

    private static LrStudy.Outcome run(boolean resume) {
        return study().run(resume);
    }

    /** The study with {@code sets} (command-line settings) applied. */
    private static LrStudy study(String... sets) {
        return new LrStudy(LrStudyConfig.load(study.toString(), List.of(sets)), "test");
    }

    @Test
    void studyChoosesOnValidationWritesItsTablesAndResumesWithoutRerunning() throws Exception {
        LrStudy.Outcome first = run(false);
        Path dir = tmp.resolve("studies/tiny");
        LrStudyResult r = first.result();
        assertThat(r.complete()).isTrue();
        assertThat(r.bestSchedule()).isIn("constant", "physics");
        Map<String, Double> validation = new HashMap<>();
        List<String> results = Files.readAllLines(dir.resolve("results.csv"));
        assertThat(results).hasSize(1 + 2 * 3 + 2);
        assertThat(results.get(0)).startsWith("point,schedule,learningRate.baseLr,run.seed,status,epochs,"
                + "final_test_accuracy,final_validation_accuracy");
        for (String schedule : List.of("constant", "physics")) {
            LrStudyResult.ScheduleRow row = r.row(schedule);
            // EDGE when the best of the 3 rates is at an end (no extensions allowed here), INTERIOR otherwise
            assertThat(row.search().verdict().settled()).isTrue();
            double best = row.search().trials().stream().mapToDouble(RateSearch.Trial::validationAccuracy).max()
                    .orElseThrow();
            assertThat(row.search().best().validationAccuracy()).as("the highest validation accuracy chose")
                    .isEqualTo(best);
            assertThat(row.finalTestAccuracy().n()).isEqualTo(2);
            assertThat(dir.resolve("points/schedule-" + schedule + "__learningRate.baseLr-" + row.chosenRate()
                    + "__run.seed-2/summary.json")).isRegularFile();
            validation.put(schedule, best);
            assertThat(ImageIO.read(dir.resolve("report/lr-" + schedule + ".png").toFile())).isNotNull();
        }
        assertThat(Files.readString(dir.resolve("study.md"))).contains("rate (chosen on validation)",
                "| constant |", "| physics |");
        assertThat(Files.readAllLines(dir.resolve("study.csv"))).hasSize(3);
        assertThat(Files.readAllLines(dir.resolve("study.jsonl"))).hasSize(2);
        assertThat(Files.readString(dir.resolve("study.html"))).contains("data:image/png;base64,");
        assertThat(dir.resolve("report.html")).isRegularFile();

        // the plan is derived again after every run: constant settles (its seed 2 included) before physics starts
        List<String> started = Files.readAllLines(dir.resolve("points.jsonl")).stream()
                .filter(l -> l.contains("\"running\"")).toList();
        assertThat(started).hasSize(2 * 3 + 2);
        assertThat(started.subList(0, 4)).allMatch(l -> l.contains("schedule=constant"));
        assertThat(started.get(3)).contains("run.seed=2");
        assertThat(started.subList(4, 8)).allMatch(l -> l.contains("schedule=physics"));

        Map<Path, FileTime> summaries = summaries(dir);
        long starts = runningLines(dir);
        LrStudy.Outcome again = run(true);
        assertThat(summaries(dir)).as("nothing finished is trained again").isEqualTo(summaries);
        assertThat(runningLines(dir)).isEqualTo(starts);
        assertThat(again.result().row("constant").chosenRate()).isEqualTo(r.row("constant").chosenRate());

        // a run whose end was lost (no summary, its last line 'running'): exactly that one continues, from its last
        // checkpoint (here the final epoch's, so nothing is left to train) in its own folder
        String lost = "schedule-physics__learningRate.baseLr-" + r.row("physics").chosenRate() + "__run.seed-2";
        Files.delete(dir.resolve("points/" + lost + "/summary.json"));
        List<String> log = new ArrayList<>(Files.readAllLines(dir.resolve("points.jsonl")));
        log.removeIf(l -> l.contains("\"" + lost + "\"") && l.contains("\"done\""));
        Files.write(dir.resolve("points.jsonl"), log);
        Files.deleteIfExists(dir.resolve(".points.jsonl.crc")); // the local file system's checksum of the old text
        run(true);
        assertThat(runningLines(dir)).isEqualTo(starts + 1);
        assertThat(dir.resolve("points/" + lost + "/summary.json")).isRegularFile();
        assertThat(dir.resolve("attempts/" + lost + "-1")).as("continued, not started over").doesNotExist();
        try (var files = Files.list(dir.resolve("points/" + lost))) {
            assertThat(files.map(f -> f.getFileName().toString())).anyMatch(n -> n.startsWith("run-resumed-"));
        }
        Map<Path, FileTime> after = summaries(dir);
        summaries.keySet().stream().filter(p -> !p.toString().contains(lost))
                .forEach(p -> assertThat(after.get(p)).as(p.toString()).isEqualTo(summaries.get(p)));

        LrStudy.Outcome ceiling = study().ceiling();
        PointResult c = ceiling.result().ceiling();
        assertThat(c.done()).isTrue();
        assertThat(c.label()).isEqualTo("schedule=constant,learningRate.baseLr=0.05,run.seed=1,training.epochs=1");
        assertThat(Files.readString(dir.resolve("study.md"))).contains("Ceiling (schedule=constant");
        assertThat(runningLines(dir)).as("the ceiling is not a study run").isEqualTo(starts + 1);

        // the file edited between sessions so that the runs already trained would now train otherwise: nothing starts
        Map<Path, FileTime> trained = summaries(dir);
        Map<Path, FileTime> ceilingTrained = summaries(dir.resolve(LrStudy.CEILING_DIR));
        assertThatThrownBy(() -> study("training.batchSize=16").run(true)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("was trained with training.batchSize = 32 (")
                .hasMessageContaining("the file now gives training.batchSize = 16")
                .hasMessageContaining("restore the file, or start a new study folder / name");
        assertThat(summaries(dir)).isEqualTo(trained);
        assertThat(runningLines(dir)).isEqualTo(starts + 1);
        // only what is measured or logged changed: the study and its ceiling go on, and nothing is trained again
        study("training.targetAccuracies=[0.3]", "training.logEveryRounds=7").run(true);
        study("training.targetAccuracies=[0.3]").ceiling();
        assertThat(summaries(dir)).isEqualTo(trained);
        assertThat(summaries(dir.resolve(LrStudy.CEILING_DIR))).isEqualTo(ceilingTrained);
        assertThat(runningLines(dir)).isEqualTo(starts + 1);
    }

    @Test
    void aCeilingRunAgainIsRefusedWhenTheFileNowTrainsItOtherwise() throws Exception {
        Path ceiling = tmp.resolve("studies/ceiling-first/" + LrStudy.CEILING_DIR);
        assertThat(study("name=ceiling-first").ceiling().result().ceiling().done()).isTrue();
        Map<Path, FileTime> trained = summaries(ceiling);
        assertThat(trained).hasSize(1);

        study("name=ceiling-first", "training.logEveryRounds=7").ceiling();
        assertThatThrownBy(() -> study("name=ceiling-first", "optimizer.weightDecay=0.001").ceiling())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("point schedule=constant,learningRate.baseLr=0.05,run.seed=1,training.epochs=1 "
                        + "was trained with optimizer.weightDecay = 5.0E-4 (")
                .hasMessageContaining("ceiling/points/schedule-constant__learningRate.baseLr-0.05__run.seed-1__"
                        + "training.epochs-1/config.json), the file now gives optimizer.weightDecay = 0.001");
        assertThat(summaries(ceiling)).as("the ceiling run not trained again").isEqualTo(trained);
        assertThat(ceiling.resolve(Sweep.ATTEMPTS_DIR)).doesNotExist();
    }

    /**
     * The bench's mirror (bench/lib.sh: finished runs without checkpoints or charts, the kind of copy that is
     * committed) restored into a fresh results folder, as on a new machine: the study resumes from it and trains
     * nothing again, with the same choices.
     */
    @Test
    void aStudyRestoredFromTheBenchMirrorResumesWithoutTraining() throws Exception {
        String[] sets = {"name=mirrored", "seeds=[1]"};
        LrStudyResult first = study(sets).run(false).result();
        Path dir = tmp.resolve("studies/mirrored");
        Path mirror = tmp.resolve("mirror");
        Path restored = tmp.resolve("restored");
        Path lib = Path.of("..", "bench", "lib.sh").toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "source \"$0\" && mirror_sweep \"$1\" \"$2\" "
                + "&& restore_sweep \"$2\" \"$3\"", lib.toString(), dir.toString(), mirror.toString(),
                restored.resolve("mirrored").toString()).redirectErrorStream(true);
        pb.environment().put("CRITDAMP_BENCH_RESULTS", tmp.resolve("bench-results").toString());
        Process bash = pb.start();
        bash.getOutputStream().close();
        String out = new String(bash.getInputStream().readAllBytes());
        assertThat(bash.waitFor()).as(out).isZero();
        try (var files = Files.walk(restored)) {
            assertThat(files.map(f -> f.getFileName().toString())).as("no checkpoints or charts")
                    .noneMatch(n -> n.equals("checkpoints") || n.endsWith(".zip") || n.endsWith(".png")
                            || n.equals("report.html"));
        }
        Path copy = restored.resolve("mirrored");
        Map<Path, FileTime> copied = summaries(copy);
        assertThat(copied).hasSize(summaries(dir).size()).hasSize(2 * 3);
        long starts = runningLines(copy);

        List<String> resume = new ArrayList<>(List.of(sets));
        resume.add("resultsDir=" + restored);
        LrStudyResult again = study(resume.toArray(String[]::new)).run(true).result();
        assertThat(summaries(copy)).as("nothing trained again").isEqualTo(copied);
        assertThat(runningLines(copy)).isEqualTo(starts);
        for (String schedule : List.of("constant", "physics")) {
            assertThat(again.row(schedule).chosenRate()).isEqualTo(first.row(schedule).chosenRate());
            assertThat(again.row(schedule).finalTestAccuracy().mean())
                    .isEqualTo(first.row(schedule).finalTestAccuracy().mean());
        }
    }

    private static Map<Path, FileTime> summaries(Path dir) throws Exception {
        Map<Path, FileTime> m = new HashMap<>();
        try (var s = Files.list(dir.resolve("points"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path summary = p.resolve("summary.json");
                if (Files.exists(summary)) {
                    m.put(summary, Files.getLastModifiedTime(summary));
                }
            }
        }
        return m;
    }

    private static long runningLines(Path dir) throws Exception {
        return Files.readAllLines(dir.resolve("points.jsonl")).stream().filter(l -> l.contains("\"running\"")).count();
    }
}
