package critdamp.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppliedHyperparametersTest {
    private static final long PID = ProcessHandle.current().pid();

    @AfterEach
    void clearProperty() {
        System.clearProperty(AppliedHyperparameters.PROPERTY);
    }

    @Test
    void writesOneLinePerDistinctStepAndReadsThemBack(@TempDir Path dir) throws Exception {
        System.setProperty(AppliedHyperparameters.PROPERTY, dir.toString());
        AppliedHyperparameters.record(5, 0.1, 0.8);
        AppliedHyperparameters.record(5, 0.1, 0.8); // second layer, same step: deduplicated
        AppliedHyperparameters.record(5, 0.1, 0.8);
        AppliedHyperparameters.record(6, 0.1, 0.8);
        AppliedHyperparameters.record(6, 0.05, 0.8);
        AppliedHyperparameters.record(6, 0.05, 1 - 2 * Math.sqrt(0.05));
        AppliedHyperparameters.record(5, 0.1, 0.8); // differs from the last line: written again
        Path file = dir.resolve("applied-" + PID + ".csv");
        assertThat(Files.readAllLines(file)).hasSize(5).first().isEqualTo(PID + ",5,0.1,0.8");
        List<AppliedHyperparameters.Applied> all = AppliedHyperparameters.readAll(dir);
        assertThat(all).containsExactly(
                new AppliedHyperparameters.Applied(PID, 5, 0.1, 0.8),
                new AppliedHyperparameters.Applied(PID, 6, 0.1, 0.8),
                new AppliedHyperparameters.Applied(PID, 6, 0.05, 0.8),
                new AppliedHyperparameters.Applied(PID, 6, 0.05, 1 - 2 * Math.sqrt(0.05)), // exact round trip
                new AppliedHyperparameters.Applied(PID, 5, 0.1, 0.8));
    }

    @Test
    void readsEveryJvmsFileAndIgnoresOthers(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("applied-1.csv"), "1,0,0.1,0.9\n1,1,0.1,0.9\n");
        Files.writeString(dir.resolve("applied-2.csv"), "2,0,0.1,0.9\n");
        Files.writeString(dir.resolve("notes.txt"), "not a record\n");
        assertThat(AppliedHyperparameters.readAll(dir)).extracting(AppliedHyperparameters.Applied::pid)
                .containsExactly(1L, 1L, 2L);
        assertThat(AppliedHyperparameters.readAll(dir.resolve("missing"))).isEmpty();
    }

    @Test
    void withoutThePropertyNothingIsWritten(@TempDir Path dir) throws Exception {
        AppliedHyperparameters.record(1, 0.1, 0.9);
        System.setProperty(AppliedHyperparameters.PROPERTY, dir.toString());
        AppliedHyperparameters.record(2, 0.1, 0.9);
        System.clearProperty(AppliedHyperparameters.PROPERTY);
        AppliedHyperparameters.record(3, 0.1, 0.9);
        assertThat(AppliedHyperparameters.readAll(dir)).extracting(AppliedHyperparameters.Applied::iteration)
                .containsExactly(2L);
        try (var files = Files.list(dir)) {
            assertThat(files.count()).isEqualTo(1);
        }
    }
}
