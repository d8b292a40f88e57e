package critdamp.run;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunFolderTest {
    @TempDir
    Path tmp;

    @Test
    void aFolderHoldingAnotherRunIsVersionedNeverOverwritten() {
        RunFolder first = RunFolder.open(new Configuration(), tmp.toUri().toString(), "exp", false);
        first.writeAtomically(RunFiles.RUN_JSON, "{\"first\":true}");
        RunFolder second = RunFolder.open(new Configuration(), tmp.toUri().toString(), "exp", false);
        assertThat(second.root().getName()).isEqualTo("exp-2");
        assertThat(first.readString(RunFiles.RUN_JSON)).isEqualTo("{\"first\":true}");
    }

    @Test
    void aPathInsideTheFolderIsRecordedRelativeToItOthersAsTheyAre() {
        assertThat(RunFolder.relativize("file:/r/sweeps/s/points/p", "file:/r/sweeps/s")).isEqualTo("points/p");
        assertThat(RunFolder.relativize("hdfs://nn/s/checkpoints/c.zip", "hdfs://nn/s/"))
                .isEqualTo("checkpoints/c.zip");
        assertThat(RunFolder.relativize("file:/r/sweeps/s2/points/p", "file:/r/sweeps/s")).as("a sibling's")
                .isEqualTo("file:/r/sweeps/s2/points/p");
        assertThat(RunFolder.relativize("points/p", "file:/r/sweeps/s")).isEqualTo("points/p");
        assertThat(RunFolder.relativize(null, "file:/r/sweeps/s")).isNull();
        assertThat(RunFolder.relativize("file:/r/sweeps/s/", "file:/r/sweeps/s")).as("the folder itself")
                .isEqualTo("file:/r/sweeps/s/");
        RunFolder f = RunFolder.open(new Configuration(), tmp.toString(), "r", false);
        assertThat(f.relativize(f.resolve("checkpoints/c.zip").toString())).isEqualTo("checkpoints/c.zip");
    }

    @Test
    void resumeNeedsAnExistingRun() {
        assertThatThrownBy(() -> RunFolder.open(new Configuration(), tmp.toUri().toString(), "none", true))
                .hasMessageContaining("no run to resume");
    }

    @Test
    void atomicWriteReplacesAndLeavesNoTempFiles() throws Exception {
        RunFolder f = RunFolder.open(new Configuration(), tmp.toString(), "r", false);
        f.writeAtomically("a/metrics.jsonl", "one\n");
        f.writeAtomically("a/metrics.jsonl", "two\n");
        assertThat(f.readString("a/metrics.jsonl")).isEqualTo("two\n");
        try (var files = Files.list(tmp.resolve("r/a"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .filteredOn(n -> !n.startsWith(".") || n.contains(".tmp-"))
                    .containsExactly("metrics.jsonl");
        }
    }

    @Test
    void metricsLogSurvivesReopenAndTruncates() {
        RunFolder f = RunFolder.open(new Configuration(), tmp.toString(), "m", false);
        MetricsLog<TrainingPosition> log = new MetricsLog<>(f, "rounds.jsonl");
        log.append(new TrainingPosition(0, 1, 1, 5));
        log.append(new TrainingPosition(0, 2, 2, 10));
        MetricsLog<TrainingPosition> again = new MetricsLog<>(f, "rounds.jsonl");
        assertThat(again.lines()).hasSize(2).first().asString().contains("\"globalStep\":5");
        again.truncate(1);
        assertThat(new MetricsLog<TrainingPosition>(f, "rounds.jsonl").lines()).hasSize(1);
    }
}
