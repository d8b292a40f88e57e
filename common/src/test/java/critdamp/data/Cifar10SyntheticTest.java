package critdamp.data;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class Cifar10SyntheticTest {
    @Test
    void deterministicBySeedAndInRealFormat(@TempDir Path dir) throws IOException {
        SyntheticCifar10.write(dir.resolve("a"), 50, 20, 7);
        SyntheticCifar10.write(dir.resolve("b"), 50, 20, 7);
        SyntheticCifar10.write(dir.resolve("c"), 50, 20, 8);
        assertThat(Cifar10TestFiles.md5s(dir.resolve("a"))).isEqualTo(Cifar10TestFiles.md5s(dir.resolve("b")))
                .isNotEqualTo(Cifar10TestFiles.md5s(dir.resolve("c")));
        Cifar10Layout.Counts counts = Cifar10Layout.of(dir.resolve("a")).validate(new Configuration());
        assertThat(counts.trainPerFile()).containsExactly(50, 50, 50, 50, 50);
        assertThat(counts.test()).isEqualTo(20);
        var recs = Cifar10Reader.read(new Configuration(), Cifar10Layout.of(dir.resolve("a")).trainFiles().get(0));
        assertThat(recs).extracting(Cifar10Record::label).contains(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }
}
