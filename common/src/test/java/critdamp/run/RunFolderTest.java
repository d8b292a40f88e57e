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
