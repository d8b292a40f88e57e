package critdamp.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.run.RunFolder;
import critdamp.train.TargetTracker;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A sweep's records name run folders relative to the sweep folder: the tables write them so even when the progress
 * file of an older sweep holds absolute URIs, and a recorded folder, relative or absolute, resolves to the run.
 */
class PointFolderTest {
    @Test
    void aPointsRecordedFolderIsUnderPoints() {
        assertThat(PointFolder.of("lr-0.1")).isEqualTo("points/lr-0.1");
    }

    @Test
    void theTablesWriteRunFoldersRelativeToTheSweepFolder(@TempDir Path tmp) throws IOException {
        RunFolder dir = RunFolder.open(new Configuration(), tmp.toString(), "sweep", false);
        PointResult older = row("p1", dir.resolve("points/p1").toString()); // as an older points.jsonl holds it
        PointResult newer = row("p2", PointFolder.of("p2"));

        SweepTables.write(dir, List.of("learningRate.baseLr"), List.of(older, newer), SeedGroup.of(List.of(older,
                newer)));

        Path sweep = tmp.resolve("sweep");
        List<String> csv = Files.readAllLines(sweep.resolve(SweepTables.RESULTS_CSV));
        assertThat(csv.get(0)).endsWith(",run_folder");
        assertThat(csv.get(1)).endsWith(",points/p1");
        assertThat(csv.get(2)).endsWith(",points/p2");
        String jsonl = Files.readString(sweep.resolve(SweepTables.RESULTS_JSONL));
        assertThat(jsonl).contains("\"runFolder\":\"points/p1\"", "\"runFolder\":\"points/p2\"");
        for (Path f : List.of(sweep.resolve(SweepTables.RESULTS_CSV), sweep.resolve(SweepTables.RESULTS_JSONL))) {
            assertThat(Files.readString(f)).doesNotContain("file:", tmp.toString(), tmp.toRealPath().toString());
        }
    }

    @Test
    void aRecordedFolderResolvesAgainstTheSweepFolderAnAbsoluteOneToItself(@TempDir Path tmp) {
        RunFolder dir = RunFolder.open(new Configuration(), tmp.toString(), "sweep", false);
        String absolute = dir.resolve("points/p").toString();

        assertThat(dir.relativize(absolute)).isEqualTo(PointFolder.of("p"));
        assertThat(dir.resolve(PointFolder.of("p")).toString()).isEqualTo(absolute);
        assertThat(dir.resolve(absolute).toString()).isEqualTo(absolute);
    }

    private static PointResult row(String name, String folder) {
        return new PointResult(name, "learningRate.baseLr=0.1", Map.of("learningRate.baseLr", 0.1),
                PointStatus.DONE, null, folder, 2, 0.5, 0.48, 2, 0.5, 0.48, 10.0, 100.0,
                List.of(new TargetTracker.Crossing(0.4, 1, 5.0, true)));
    }
}
