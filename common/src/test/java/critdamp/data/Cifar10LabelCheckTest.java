package critdamp.data;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Cifar10Layout#verify}: every label byte of all six files is read before training, and a bad one is named
 * in one line by file, record, byte offset and value, wherever it is (the last record of the test file included).
 */
class Cifar10LabelCheckTest {
    private final Configuration conf = new Configuration();

    private static void setLabel(Path file, long record, int value) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(record * Cifar10Format.RECORD_BYTES);
            f.write(value);
        }
    }

    @Test
    void goodFilesPassWithTheirCounts(@TempDir Path dir) throws IOException {
        SyntheticCifar10.write(dir, 40, 30, 3L);
        Cifar10Layout.Counts c = Cifar10Layout.of("file:" + dir).verify(conf);
        assertThat(c.trainPerFile()).containsExactly(40, 40, 40, 40, 40);
        assertThat(c.test()).isEqualTo(30);
    }

    @Test
    void aTestLabelOf255IsNamedByFileRecordOffsetAndValue(@TempDir Path dir) throws IOException {
        SyntheticCifar10.write(dir, 40, 30, 3L);
        setLabel(dir.resolve("test_batch.bin"), 17, 255);
        assertThatThrownBy(() -> Cifar10Layout.of(dir).verify(conf))
                .isInstanceOf(Cifar10FormatException.class)
                .hasMessage(dir.resolve("test_batch.bin") + " record 17 (byte offset 52241): label 255, expected 0-9");
    }

    @Test
    void aTrainingLabelOf10IsFoundInAnyFileUpToTheLastRecord(@TempDir Path dir) throws IOException {
        // 400 records = 1.2 MB: the bad label sits past the first 1 MiB read, in the file's last record
        SyntheticCifar10.write(dir, 400, 30, 3L);
        setLabel(dir.resolve("data_batch_3.bin"), 399, 10);
        assertThatThrownBy(() -> Cifar10Layout.of(dir).verify(conf))
                .isInstanceOf(Cifar10FormatException.class)
                .hasMessage(dir.resolve("data_batch_3.bin") + " record 399 (byte offset " + 399 * 3073
                        + "): label 10, expected 0-9");
    }

    @Test
    void aFileCutShortAfterTheSizeCheckIsNamed(@TempDir Path dir) throws IOException {
        SyntheticCifar10.write(dir, 4, 3, 3L);
        Path f = dir.resolve("data_batch_1.bin");
        assertThatThrownBy(() -> Cifar10LabelCheck.check(conf, f.toString(), 5))
                .isInstanceOf(Cifar10FormatException.class).hasMessageContaining(f.toString())
                .hasMessageContaining("truncated");
        Files.delete(f);
        assertThatThrownBy(() -> Cifar10LabelCheck.check(conf, f.toString(), 4))
                .isInstanceOf(Cifar10FormatException.class).hasMessageContaining("missing");
    }
}
