package critdamp.spark.cli;

import critdamp.engine.EngineKind;
import critdamp.base.Json;
import static org.assertj.core.api.Assertions.assertThat;

import critdamp.run.Checkpoints;
import critdamp.run.EpochRecord;
import critdamp.spark.testing.ConsoleCapture;
import critdamp.spark.testing.FaultyFileSystem;
import critdamp.spark.testing.OwnSparkContext;
import critdamp.spark.testing.TinyRun;
import critdamp.spark.train.SparkContexts;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * File-system faults through {@code critdamp train}, on a fault-injecting Hadoop file system ({@code faulty://}): a
 * disk that fills up during a checkpoint ends the run with one line naming the file and the cause and leaves no
 * temporary file; {@code --resume} on that still-full disk frees what an interrupted write left and finishes, keeping
 * only the newest checkpoints and the best by validation accuracy; a run that cannot write its first file leaves no
 * folder. Its own context: the {@code faulty://} file system is registered in the context's Hadoop configuration.
 */
@ExtendWith(OwnSparkContext.class)
class FileSystemFaultsTest {
    private static final String FAULTY_IMPL = "fs." + FaultyFileSystem.SCHEME + ".impl";
    @TempDir
    static Path tmp;
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = SparkContexts.getOrCreate("FileSystemFaultsTest", "local[2]", EngineKind.DL4J);
        sc.hadoopConfiguration().set(FAULTY_IMPL, FaultyFileSystem.class.getName());
        // as spark-submit --conf spark.hadoop.fs.faulty.impl=... gives it to what reads the run folder before the
        // context exists (a resume's config check)
        System.setProperty("spark.hadoop." + FAULTY_IMPL, FaultyFileSystem.class.getName());
    }

    @AfterAll
    static void forgetTheScheme() {
        System.clearProperty("spark.hadoop." + FAULTY_IMPL);
    }

    @AfterEach
    void noFaults() {
        FaultyFileSystem.reset();
    }

    private static int run(ConsoleCapture console, String... args) {
        try (console) {
            return CritdampMain.execute(args);
        }
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void aDiskFullAtACheckpointIsOneLineAndResumeFreesWhatItLeftAndFinishes() throws IOException {
        Path runs = tmp.resolve("full/runs");
        Path config = TinyRun.write(tmp.resolve("full"), FaultyFileSystem.SCHEME + "://" + runs);
        Path run = runs.resolve("tiny");
        FaultyFileSystem.volume(runs, Long.MAX_VALUE);
        FaultyFileSystem.fillUpWhenCreating("ckpt-00000004.zip", 200_000);

        ConsoleCapture failed = new ConsoleCapture();
        assertThat(run(failed, TinyRun.train(config, "training.epochs=2"))).isEqualTo(1);
        assertThat(failed.err()).containsExactly("critdamp train: cannot write " + FaultyFileSystem.SCHEME + ":"
                + run + "/checkpoints/ckpt-00000004.zip: No space left on device");
        assertThat(files(run)).as("no temporary file left").noneMatch(f -> f.contains(".tmp-"))
                .contains("rounds.jsonl", "checkpoints/ckpt-00000002.zip", "checkpoints/ckpt-00000002.json");

        // What a killed write leaves (the issue found a 983 KB partial checkpoint), on a disk without a free byte.
        Files.write(run.resolve("checkpoints/.ckpt-00000006.zip.tmp-" + UUID.randomUUID()), new byte[6_000_000]);
        FaultyFileSystem.volume(runs, FaultyFileSystem.used());
        ConsoleCapture resumed = new ConsoleCapture();
        String[] resume = Stream.concat(Stream.of(TinyRun.train(config, "training.epochs=2")), Stream.of("--resume"))
                .toArray(String[]::new);
        assertThat(run(resumed, resume)).as("resume: %s", resumed.err()).isZero();
        assertThat(resumed.out()).anyMatch(l -> l.startsWith("resuming from") && l.contains("ckpt-00000002.zip"))
                .anyMatch(l -> l.startsWith("RESULT") && l.contains("after 2 epochs"));
        assertThat(files(run)).noneMatch(f -> f.contains(".tmp-"));

        Checkpoints.Entry[] kept = new Checkpoints(critdamp.run.RunFolder.open(sc.hadoopConfiguration(),
                FaultyFileSystem.SCHEME + "://" + runs, "tiny", true)).entries().toArray(Checkpoints.Entry[]::new);
        assertThat(kept.length).as("the 2 newest and the best by validation").isBetween(2, 3);
        assertThat(files(run)).filteredOn(f -> f.endsWith(".zip")).hasSize(kept.length);
        EpochRecord bestEpoch = Files.readAllLines(run.resolve("epochs.jsonl")).stream().map(l -> {
            try {
                return Json.mapper().readValue(l, EpochRecord.class);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).max(Comparator.comparingDouble(EpochRecord::validationAccuracy)).orElseThrow();
        assertThat(kept).as("the best epoch by validation accuracy is kept")
                .anyMatch(e -> e.position().epoch() == bestEpoch.epoch() && e.position().roundInEpoch() == 0
                        && e.validationAccuracy() == bestEpoch.validationAccuracy());
    }

    @Test
    void aRunThatCannotWriteItsFirstFileLeavesNoFolder() throws IOException {
        Path runs = tmp.resolve("denied/runs");
        Path config = TinyRun.write(tmp.resolve("denied"), FaultyFileSystem.SCHEME + "://" + runs);
        FaultyFileSystem.failCreates("config.json", "Permission denied");
        ConsoleCapture console = new ConsoleCapture();
        assertThat(run(console, TinyRun.train(config))).isEqualTo(1);
        assertThat(console.err()).containsExactly("critdamp train: cannot write " + FaultyFileSystem.SCHEME + ":"
                + runs + "/tiny/config.json: Permission denied");
        try (Stream<Path> left = Files.list(runs)) {
            assertThat(left).as("the folder claimed for the run is removed").isEmpty();
        }
    }
}
