package critdamp.bench;

import critdamp.base.Json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results accumulate as one JSON object per line (with machine info) and one markdown row per run under a header. */
class ResultWriterTest {
    @TempDir
    Path dir;

    @Test
    void appendsJsonLinesAndMarkdownRows() throws Exception {
        ResultWriter w = new ResultWriter(dir, "t");
        for (int i = 0; i < 2; i++) {
            Map<String, Object> head = new LinkedHashMap<>();
            head.put("model", "small_cnn");
            head.put("img/s", 123.456 + i);
            w.append(head, Map.of("extra", i));
        }
        List<String> json = Files.readAllLines(dir.resolve("t.jsonl"));
        assertThat(json).hasSize(2);
        @SuppressWarnings("unchecked")
        Map<String, Object> first = Json.mapper().readValue(json.get(0), Map.class);
        assertThat(first.get("model")).isEqualTo("small_cnn");
        assertThat(first.get("extra")).isEqualTo(0);
        assertThat(first).containsKeys("cpu", "cores", "OMP_NUM_THREADS", "OPENBLAS_CORETYPE", "date");
        List<String> md = Files.readAllLines(dir.resolve("t.md"));
        assertThat(md).hasSize(4);
        assertThat(md.get(0)).isEqualTo("| model | img/s | date |");
        assertThat(md.get(2)).startsWith("| small_cnn | 123 | ");
    }

    @Test
    void aNewColumnStartsANewTableAndAMissingValueIsADash() throws Exception {
        ResultWriter w = new ResultWriter(dir, "t");
        Map<String, Object> old = new LinkedHashMap<>();
        old.put("model", "small_cnn");
        old.put("img/s", 100.0);
        w.append(old, Map.of());
        Map<String, Object> added = new LinkedHashMap<>();
        added.put("model", "small_cnn");
        added.put("engine", "torch");
        added.put("img/s", 200.0);
        added.put("% of peak", null);
        w.append(added, Map.of());
        w.append(added, Map.of());
        List<String> md = Files.readAllLines(dir.resolve("t.md"));
        assertThat(md).hasSize(8);
        assertThat(md.get(3)).isEmpty();
        assertThat(md.get(4)).isEqualTo("| model | engine | img/s | % of peak | date |");
        assertThat(md.get(5)).isEqualTo("|---|---|---|---|---|");
        assertThat(md.get(6)).startsWith("| small_cnn | torch | 200 | - | ");
        assertThat(md.get(7)).startsWith("| small_cnn | torch | 200 | - | ");
        assertThat(ResultWriter.lastHeader(md)).isEqualTo(md.get(4));
    }

    @Test
    void loadAverageIsThreeNumbers() {
        assertThat(MachineInfo.loadAverage()).matches("[0-9.]+ [0-9.]+ [0-9.]+|unknown");
    }
}
