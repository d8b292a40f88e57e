package critdamp.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** {@link FashionMnist} on generated idx files (and on Debian's real files where installed). */
class Cifar10FashionMnistTest {
    private static void writeIdx(Path dir, String prefix, int n, int badLabel, boolean gz) throws IOException {
        String sfx = gz ? ".gz" : "";
        try (OutputStream raw = Files.newOutputStream(dir.resolve(prefix + "-images-idx3-ubyte" + sfx));
             DataOutputStream out = new DataOutputStream(gz ? new GZIPOutputStream(raw) : raw)) {
            out.writeInt(0x803);
            out.writeInt(n);
            out.writeInt(28);
            out.writeInt(28);
            for (int i = 0; i < n * 784; i++) {
                out.write((i * 7 + i / 784) & 0xFF);
            }
        }
        try (OutputStream raw = Files.newOutputStream(dir.resolve(prefix + "-labels-idx1-ubyte" + sfx));
             DataOutputStream out = new DataOutputStream(gz ? new GZIPOutputStream(raw) : raw)) {
            out.writeInt(0x801);
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                out.write(i == badLabel ? 10 : i % 10);
            }
        }
    }

    @Test
    void readsGeneratedFilesIntoBatches(@TempDir Path dir) throws IOException {
        writeIdx(dir, "train", 25, -1, true);
        writeIdx(dir, "t10k", 5, -1, false);
        FashionMnist train = FashionMnist.train(dir);
        assertThat(train.size()).isEqualTo(25);
        assertThat(train.label(13)).isEqualTo(3);
        assertThat(train.pixel(2, 1, 3)).isEqualTo(((2 * 784 + 28 + 3) * 7 + 2) & 0xFF);
        List<DataSet> ds = train.toDataSets(10, -1);
        assertThat(ds).hasSize(3);
        assertThat(ds.get(0).getFeatures().shape()).containsExactly(10, 1, 28, 28);
        assertThat(ds.get(2).getLabels().shape()).containsExactly(5, 10);
        assertThat(ds.get(2).getLabels().getFloat(3, 3)).isEqualTo(1f);
        assertThat(ds.get(0).getFeatures().getFloat(2, 0, 1, 3))
                .isEqualTo((train.pixel(2, 1, 3) / 255f - FashionMnist.MEAN) / FashionMnist.STD);
        assertThat(FashionMnist.test(dir).size()).isEqualTo(5);
        assertThat(train.toDataSets(10, 12)).hasSize(2);
    }

    @Test
    void badFilesAreNamed(@TempDir Path dir) throws IOException {
        writeIdx(dir, "train", 5, 2, false);
        assertThatThrownBy(() -> FashionMnist.train(dir)).isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve("train-labels-idx1-ubyte")
                        + " record 2 (byte offset 10): label 10, expected 0-9");
        writeIdx(dir, "t10k", 5, 4, true);
        assertThatThrownBy(() -> FashionMnist.test(dir)).isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve("t10k-labels-idx1-ubyte.gz")
                        + " record 4 (uncompressed byte offset 12): label 10, expected 0-9");
        Files.delete(dir.resolve("t10k-images-idx3-ubyte.gz"));
        assertThatThrownBy(() -> FashionMnist.test(dir)).hasMessageContaining("t10k-images-idx3-ubyte")
                .hasMessageContaining("missing");
        Path img = dir.resolve("train-images-idx3-ubyte");
        byte[] b = Files.readAllBytes(img);
        Files.write(img, java.util.Arrays.copyOf(b, b.length - 10));
        assertThatThrownBy(() -> FashionMnist.train(dir)).hasMessageContaining(img.toString())
                .hasMessageContaining("truncated");
    }

    @Test
    void realDebianFilesWhereInstalled() throws IOException {
        Path dir = Path.of(System.getProperty("critdamp.fashionMnistDir", FashionMnist.DEFAULT_DIR));
        assumeThat(Files.isDirectory(dir)).as("Fashion-MNIST installed at " + dir).isTrue();
        FashionMnist train = FashionMnist.train(dir);
        FashionMnist test = FashionMnist.test(dir);
        assertThat(train.size()).isEqualTo(60_000);
        assertThat(test.size()).isEqualTo(10_000);
        double sum = 0;
        for (int i = 0; i < 1000; i++) {
            for (int p = 0; p < 784; p++) {
                sum += train.pixel(i, p / 28, p % 28);
            }
        }
        assertThat(sum / 1000 / 784 / 255).isBetween(0.25, 0.32);
    }
}
