package critdamp.data;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Cifar10ReaderTest {
    private final Configuration conf = new Configuration();

    @Test
    void wholeFileRoundTripIsExact(@TempDir Path dir) throws IOException {
        List<Cifar10Record> written = Cifar10TestFiles.records(37, 1, 1);
        Path f = dir.resolve("x.bin");
        SyntheticCifar10.writeFile(f, written);
        assertThat(Files.size(f)).isEqualTo(37L * Cifar10Format.RECORD_BYTES);
        for (String uri : List.of(f.toString(), f.toUri().toString(), "file:" + f)) {
            List<Cifar10Record> read = Cifar10Reader.read(conf, uri);
            assertThat(read).containsExactlyElementsOf(written);
        }
    }

    @Test
    void shardsConcatenatedEqualWholeFiles(@TempDir Path dir) throws IOException {
        int[] counts = {7, 3, 11, 1, 5};
        Map<String, List<Cifar10Record>> all = Cifar10TestFiles.writeAll(dir, counts, 4);
        Cifar10Layout layout = Cifar10Layout.of(dir);
        Cifar10Layout.Counts c = layout.validate(conf);
        assertThat(c.trainPerFile()).containsExactly(7, 3, 11, 1, 5);
        assertThat(c.train()).isEqualTo(27);
        assertThat(c.test()).isEqualTo(4);
        List<Cifar10Record> whole = new ArrayList<>();
        for (String f : layout.trainFiles()) {
            whole.addAll(Cifar10Reader.read(conf, f));
        }
        List<Cifar10Record> expected = new ArrayList<>();
        for (String n : Cifar10Format.TRAIN_FILES) {
            expected.addAll(all.get(n));
        }
        assertThat(whole).containsExactlyElementsOf(expected);
        for (int k : new int[]{1, 2, 4, 9, 27}) {
            List<Cifar10Record> viaShards = new ArrayList<>();
            for (Cifar10Shard s : Cifar10Shards.plan(layout.trainFiles(), c.trainArray(), k)) {
                List<Cifar10Record> part = Cifar10Reader.read(conf, s);
                assertThat(part).hasSize(s.size());
                viaShards.addAll(part);
            }
            assertThat(viaShards).as("k=%d", k).containsExactlyElementsOf(expected);
        }
        assertThat(Cifar10Reader.read(conf, layout.testFile())).containsExactlyElementsOf(all.get("test_batch.bin"));
    }

    @Test
    void readsLargeSegmentsAcrossChunks(@TempDir Path dir) throws IOException {
        List<Cifar10Record> written = Cifar10TestFiles.records(2500, 2, 2);
        Path f = dir.resolve("big.bin");
        SyntheticCifar10.writeFile(f, written);
        Cifar10Shard s = new Cifar10Shard(0, List.of(new Cifar10Segment(f.toString(), 3, 2400)));
        assertThat(Cifar10Reader.read(conf, s)).containsExactlyElementsOf(written.subList(3, 2400));
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        String f = dir.resolve("nope.bin").toString();
        assertThatThrownBy(() -> Cifar10Reader.read(conf, f))
                .isInstanceOf(Cifar10FormatException.class).hasMessageContaining(f).hasMessageContaining("missing");
        Cifar10Shard s = new Cifar10Shard(0, List.of(new Cifar10Segment(f, 0, 2)));
        assertThatThrownBy(() -> Cifar10Reader.read(conf, s))
                .isInstanceOf(Cifar10FormatException.class).hasMessageContaining(f).hasMessageContaining("missing");
    }

    @Test
    void truncatedMidRecordIsNamedWithByteCounts(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("t.bin");
        SyntheticCifar10.writeFile(f, Cifar10TestFiles.records(3, 0, 3));
        Files.write(f, new byte[100], StandardOpenOption.APPEND); // 3 records + 100 bytes of a fourth
        assertThatThrownBy(() -> Cifar10Reader.read(conf, f.toString()))
                .isInstanceOf(Cifar10FormatException.class).hasMessageContaining(f.toString())
                .hasMessageContaining("remainder 100").hasMessageContaining("truncated or not CIFAR-10 binary");
        Cifar10Shard s = new Cifar10Shard(0, List.of(new Cifar10Segment(f.toString(), 1, 5)));
        assertThatThrownBy(() -> Cifar10Reader.read(conf, s))
                .isInstanceOf(Cifar10FormatException.class).hasMessageContaining(f.toString())
                .hasMessageContaining("truncated")
                .hasMessageContaining("expected " + 4 * 3073 + " bytes")
                .hasMessageContaining("got " + (2 * 3073 + 100) + " bytes");
    }

    @Test
    void labelTenIsNamedWithRecordAndOffset(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("l.bin");
        SyntheticCifar10.writeFile(f, Cifar10TestFiles.records(5, 0, 4));
        byte[] b = Files.readAllBytes(f);
        b[3 * 3073] = 10;
        Files.write(f, b);
        assertThatThrownBy(() -> Cifar10Reader.read(conf, f.toString()))
                .isInstanceOf(Cifar10FormatException.class)
                .hasMessage(f + " record 3 (byte offset " + 3 * 3073 + "): label 10, expected 0-9");
    }

    @Test
    void emptyFileIsNamed(@TempDir Path dir) throws IOException {
        Path f = Files.createFile(dir.resolve("e.bin"));
        assertThatThrownBy(() -> Cifar10Reader.read(conf, f.toString()))
                .isInstanceOf(Cifar10FormatException.class).hasMessageContaining(f.toString())
                .hasMessageContaining("empty");
    }

    @Test
    void recordValidatesItsInput() {
        assertThatThrownBy(() -> new Cifar10Record(10, new byte[3072])).hasMessageContaining("0..9");
        assertThatThrownBy(() -> new Cifar10Record(-1, new byte[3072])).hasMessageContaining("0..9");
        assertThatThrownBy(() -> new Cifar10Record(1, new byte[3073])).hasMessageContaining("3072");
    }
}
