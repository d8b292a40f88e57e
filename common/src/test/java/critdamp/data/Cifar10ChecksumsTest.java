package critdamp.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Cifar10ChecksumsTest {
    @Test
    void md5OfKnownContent(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("abc"), "abc");
        assertThat(Cifar10Checksums.md5(f)).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(Cifar10Checksums.ORIGINAL).hasSize(6).containsKeys(Cifar10Format.allFiles().toArray(String[]::new))
                .containsEntry("test_batch.bin", "803d5f7f4d78ea53de84dbe85f74fb6d");
    }

    @Test
    void verifyPassesAndFailsByName(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.bin"), "abc");
        Cifar10Checksums.verify(dir, Map.of("a.bin", "900150983cd24fb0d6963f7d28e17f72"));
        assertThatThrownBy(() -> Cifar10Checksums.verify(dir, Map.of("a.bin", "00000000000000000000000000000000")))
                .isInstanceOf(Cifar10FormatException.class).hasMessageContaining("a.bin")
                .hasMessageContaining("expected 00000000000000000000000000000000")
                .hasMessageContaining("actual 900150983cd24fb0d6963f7d28e17f72");
        assertThatThrownBy(() -> Cifar10Checksums.verify(dir, Map.of("b.bin", "00")))
                .isInstanceOf(Cifar10FormatException.class).hasMessageContaining("b.bin")
                .hasMessageContaining("missing");
    }
}
