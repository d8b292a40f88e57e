package critdamp.run;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FsErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A write that fails part-way (as a full disk makes it: Hadoop's local file system throws {@link FSError}, an Error)
 * ends with one message naming the file and the cause, and leaves neither its temporary file nor a changed target;
 * temporary files of writes that were killed are found and removed on request, nothing else.
 */
class RunFolderFaultsTest {
    @TempDir
    Path tmp;

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void aWriteThatFailsWithFsErrorNamesTheFileAndLeavesNoTemporary() throws IOException {
        RunFolder f = RunFolder.open(new Configuration(), tmp.toString(), "r", false);
        f.writeAtomically("checkpoints/a.zip", "old");
        List<String> before = names(tmp.resolve("r"));
        assertThatThrownBy(() -> f.writeAtomically("checkpoints/a.zip", out -> {
            out.write(new byte[100_000]);
            throw FsErrors.noSpaceLeft();
        })).isInstanceOf(RunFolderWriteException.class)
                .hasMessage("cannot write " + f.resolve("checkpoints/a.zip") + ": No space left on device");
        assertThat(names(tmp.resolve("r"))).isEqualTo(before);
        assertThat(f.readString("checkpoints/a.zip")).isEqualTo("old");
    }

    @Test
    void aWriteThatFailsWithAnIOExceptionIsReportedTheSameWay() throws IOException {
        RunFolder f = RunFolder.open(new Configuration(), tmp.toString(), "r", false);
        List<String> before = names(tmp.resolve("r"));
        assertThatThrownBy(() -> f.writeAtomically("x.json", out -> {
            throw new IOException("Permission denied");
        })).isInstanceOf(RunFolderWriteException.class).hasMessageEndingWith("x.json: Permission denied");
        assertThat(names(tmp.resolve("r"))).isEqualTo(before);
    }

    @Test
    void staleTemporariesAreRemovedAndNothingElse() throws IOException {
        RunFolder f = RunFolder.open(new Configuration(), tmp.toString(), "r", false);
        f.writeAtomically("checkpoints/ckpt-00000004.zip", "zip");
        Path dir = tmp.resolve("r");
        Files.write(dir.resolve("checkpoints/.ckpt-00000010.zip.tmp-0f8e2c4a-1b2c-4d5e-8f90-123456789abc"),
                new byte[983_000]);
        Files.writeString(dir.resolve(".rounds.jsonl.tmp-0f8e2c4a-1b2c-4d5e-8f90-123456789abd"), "partial");
        Files.writeString(dir.resolve("notes.tmp-by-the-user"), "mine");
        assertThat(f.removeStaleTemporaries()).hasSize(2);
        assertThat(names(dir)).filteredOn(n -> !n.endsWith(".crc"))
                .containsExactly(RunFiles.LEASE, "checkpoints/ckpt-00000004.zip", "notes.tmp-by-the-user");
    }

    @Test
    void truncatingToTheCurrentLengthWritesNothing() {
        RunFolder f = RunFolder.open(new Configuration(), tmp.toString(), "m", false);
        MetricsLog<TrainingPosition> log = new MetricsLog<>(f, "rounds.jsonl");
        log.truncate(0);
        assertThat(f.exists("rounds.jsonl")).as("a fresh run writes nothing before its first round").isFalse();
        log.append(new TrainingPosition(0, 1, 1, 5));
        log.truncate(5);
        assertThat(new MetricsLog<TrainingPosition>(f, "rounds.jsonl").lines()).hasSize(1);
    }
}
