package critdamp.data;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Cifar10LayoutTest {
    private final Configuration conf = new Configuration();

    @Test
    void resolvesFilesForAnyUriForm() {
        Cifar10Layout h = Cifar10Layout.of("hdfs://nn:8020/data/cifar/");
        assertThat(h.directory()).isEqualTo("hdfs://nn:8020/data/cifar");
        assertThat(h.trainFiles()).containsExactly("hdfs://nn:8020/data/cifar/data_batch_1.bin",
                "hdfs://nn:8020/data/cifar/data_batch_2.bin", "hdfs://nn:8020/data/cifar/data_batch_3.bin",
                "hdfs://nn:8020/data/cifar/data_batch_4.bin", "hdfs://nn:8020/data/cifar/data_batch_5.bin");
        assertThat(h.testFile()).isEqualTo("hdfs://nn:8020/data/cifar/test_batch.bin");
        assertThat(Cifar10Layout.of("/data/x").testFile()).isEqualTo("/data/x/test_batch.bin");
        assertThat(Cifar10Layout.of("file:/data/x").testFile()).isEqualTo("file:/data/x/test_batch.bin");
        assertThatThrownBy(() -> Cifar10Layout.of(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void validatesCountsThroughFileUris(@TempDir Path dir) throws IOException {
        Cifar10TestFiles.writeAll(dir, new int[]{2, 3, 4, 5, 6}, 7);
        Cifar10Layout.Counts c = Cifar10Layout.of("file:" + dir).validate(conf);
        assertThat(c.trainPerFile()).containsExactly(2, 3, 4, 5, 6);
        assertThat(c.train()).isEqualTo(20);
        assertThat(c.test()).isEqualTo(7);
        assertThatThrownBy(() -> Cifar10Layout.of(dir).validateOriginal(conf))
                .isInstanceOf(Cifar10FormatException.class).hasMessageContaining("data_batch_1.bin")
                .hasMessageContaining("30730000");
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) throws IOException {
        Cifar10TestFiles.writeAll(dir, new int[]{1, 1, 1, 1, 1}, 1);
        Files.delete(dir.resolve("data_batch_3.bin"));
        assertThatThrownBy(() -> Cifar10Layout.of(dir).validate(conf))
                .isInstanceOf(Cifar10FormatException.class)
                .hasMessageContaining(dir.resolve("data_batch_3.bin").toString()).hasMessageContaining("missing");
    }

    @Test
    void wrongSizeIsNamedWithRemainder(@TempDir Path dir) throws IOException {
        Cifar10TestFiles.writeAll(dir, new int[]{1, 1, 1, 1, 1}, 1);
        Files.write(dir.resolve("test_batch.bin"), new byte[3073 + 5]);
        assertThatThrownBy(() -> Cifar10Layout.of(dir).validate(conf))
                .isInstanceOf(Cifar10FormatException.class)
                .hasMessageContaining(dir.resolve("test_batch.bin").toString())
                .hasMessageContaining("remainder 5").hasMessageContaining("truncated or not CIFAR-10 binary");
    }

    @Test
    void emptyFileIsNamed(@TempDir Path dir) throws IOException {
        Cifar10TestFiles.writeAll(dir, new int[]{1, 1, 1, 1, 1}, 1);
        Files.write(dir.resolve("data_batch_5.bin"), new byte[0]);
        assertThatThrownBy(() -> Cifar10Layout.of(dir).validate(conf))
                .isInstanceOf(Cifar10FormatException.class)
                .hasMessageContaining(dir.resolve("data_batch_5.bin").toString()).hasMessageContaining("empty");
    }
}
