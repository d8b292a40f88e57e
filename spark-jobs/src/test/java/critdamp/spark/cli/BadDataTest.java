package critdamp.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.data.Cifar10Format;
import critdamp.spark.testing.ConsoleCapture;
import critdamp.spark.testing.SharedSpark;
import critdamp.spark.testing.TinyRun;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bad data as a user meets it through {@code critdamp train}: found on the driver before any training (no Spark job
 * runs, nothing is trained), reported in one line that names the file, the record, the byte offset and the value,
 * exit code 2, the stack trace only in the log, and no run folder left behind. The command trains on the shared
 * context ({@link SharedSpark}: its {@code getOrCreate} gets the running one).
 */
@ExtendWith(SharedSpark.class)
class BadDataTest {
    @TempDir
    static Path tmp;

    private static void setLabel(Path file, long record, int value) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(record * Cifar10Format.RECORD_BYTES);
            f.write(value);
        }
    }

    /** Runs {@code train} on {@code config}, asserts the one line and that nothing ran or was left, returns the log. */
    private static ConsoleCapture assertFailsBeforeTraining(Path config, Path runs, String expectedLine,
                                                            String... overrides) {
        ConsoleCapture console = new ConsoleCapture();
        int code;
        try (console) {
            code = CritdampMain.execute(TinyRun.train(config, overrides));
        }
        assertThat(code).isEqualTo(ErrorHandler.USAGE);
        assertThat(console.err()).containsExactly(expectedLine);
        assertThat(console.out()).as("nothing trained, no folder claimed").isEmpty();
        assertThat(console.logged()).as("no Spark task failed: the driver found it")
                .noneMatch(l -> l.contains("Exception in task") || l.contains("stage failure"));
        assertThat(runs).as("no run folder").doesNotExist();
        return console;
    }

    @Test
    void aTestLabelOf255IsOneLineBeforeAnyTraining() throws IOException {
        Path runs = tmp.resolve("a/runs");
        Path config = TinyRun.write(tmp.resolve("a"), runs.toString());
        Path test = tmp.resolve("a/cifar/test_batch.bin");
        setLabel(test, 17, 255);
        Configurator.setLevel(ErrorHandler.TRACE_LOGGER, Level.DEBUG);
        try {
            ConsoleCapture console = assertFailsBeforeTraining(config, runs,
                    "critdamp: data error: " + test + " record 17 (byte offset 52241): label 255, expected 0-9");
            assertThat(console.logged()).as("the stack trace goes to the log")
                    .anyMatch(l -> l.startsWith(ErrorHandler.TRACE_LOGGER + " DEBUG critdamp train failed [thrown "));
        } finally {
            Configurator.setLevel(ErrorHandler.TRACE_LOGGER, Level.INFO);
        }
    }

    @Test
    void aTrainingLabelOf10IsOneLineBeforeAnyTraining() throws IOException {
        Path runs = tmp.resolve("b/runs");
        Path config = TinyRun.write(tmp.resolve("b"), runs.toString());
        Path train = tmp.resolve("b/cifar/data_batch_3.bin");
        setLabel(train, 42, 10);
        assertFailsBeforeTraining(config, runs, "critdamp: data error: " + train + " record 42 (byte offset "
                + 42 * Cifar10Format.RECORD_BYTES + "): label 10, expected 0-9");
    }

    @Test
    void aFashionMnistLabelOf10IsOneLineBeforeAnyTraining() throws IOException {
        Path runs = tmp.resolve("c/runs");
        Path config = TinyRun.write(tmp.resolve("c"), runs.toString());
        Path dir = Files.createDirectories(tmp.resolve("c/fashion"));
        writeIdx(dir, "train", 50, -1);
        writeIdx(dir, "t10k", 20, 7);
        assertFailsBeforeTraining(config, runs, "critdamp: data error: " + new org.apache.hadoop.fs.Path(
                        dir.toString(), "t10k-labels-idx1-ubyte") + " record 7 (byte offset 15): label 10, expected 0-9",
                "data.dataset=fashion_mnist", "data.dir=" + dir);
    }

    private static void writeIdx(Path dir, String prefix, int n, int badLabel) throws IOException {
        try (OutputStream raw = Files.newOutputStream(dir.resolve(prefix + "-images-idx3-ubyte"));
             DataOutputStream out = new DataOutputStream(raw)) {
            out.writeInt(0x803);
            out.writeInt(n);
            out.writeInt(28);
            out.writeInt(28);
            out.write(new byte[n * 784]);
        }
        try (OutputStream raw = Files.newOutputStream(dir.resolve(prefix + "-labels-idx1-ubyte"));
             DataOutputStream out = new DataOutputStream(raw)) {
            out.writeInt(0x801);
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                out.write(i == badLabel ? 10 : i % 10);
            }
        }
    }
}
