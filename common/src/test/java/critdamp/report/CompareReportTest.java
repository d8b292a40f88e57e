package critdamp.report;

import critdamp.base.Json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import critdamp.run.RoundRecord;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The compare page from two hand-written run folders: names, summaries, config differences, chart data, Chart.js. */
class CompareReportTest {
    @TempDir
    Path tmp;

    private List<String> twoRuns() throws Exception {
        Path a = TinyRuns.write(tmp.resolve("runs"), "physics", TinyRuns.PHYSICS, new double[] {0.31, 0.52, 0.50},
                new double[] {0.30, 0.49, 0.53});
        TinyRuns.executors(a);
        Path b = TinyRuns.write(tmp.resolve("runs"), "constant", TinyRuns.CONSTANT, new double[] {0.25, 0.41},
                new double[] {0.24, 0.40});
        return List.of(a.toString(), b.toString());
    }

    @Test
    void onePageWithBothRunsTheirSummariesAndOnlyTheConfigKeysThatDiffer() throws Exception {
        Path out = tmp.resolve("out/compare.html");
        String written = CompareReport.write(new Configuration(), twoRuns(), out.toString());
        assertThat(written).endsWith("out/compare.html");
        String html = Files.readString(out);

        assertThat(html).contains("<h1>Compare physics vs constant</h1>");
        // summaries: best epoch on validation (physics: epoch 2, test 0.49 there), final test accuracy, fast path
        assertThat(html).contains("<tr><td>physics</td><td>small_cnn</td><td>heavy_ball</td><td>cosine 0.05</td>"
                + "<td>physics</td><td class=\"num\">3 of 4</td><td class=\"num\">2</td><td class=\"num\">0.5200</td>"
                + "<td class=\"num\">0.4900</td><td class=\"num\">0.5300</td>");
        assertThat(html).contains("<tr><td>physics</td><td>" + TinyRuns.COMMIT.substring(0, 12) + "</td><td>CPU; BLAS "
                + "OPENBLAS</td><td class=\"done\">on</td><td>/data/cifar-10-batches-bin</td></tr>",
                "<td class=\"note\">not recorded</td>");
        assertThat(out.resolveSibling(".compare.html.crc")).doesNotExist();
        // time to target test accuracy: 0.5 reached by physics at epoch 3, never by constant
        assertThat(html).contains("<td class=\"done\">epoch 3, 37.5 s</td>", "<td class=\"note\">not reached</td>");
        // config differences: the keys that differ, with each run's value; equal keys are left out
        assertThat(html).contains("<tr><td>momentum.kind</td><td>physics</td><td>constant</td></tr>",
                "<tr><td>learningRate.baseLr</td><td>0.05</td><td>0.1</td></tr>",
                "<tr><td>run.name</td><td>physics</td><td>constant</td></tr>");
        assertThat(html).doesNotContain("<tr><td>training.epochs</td>", "<tr><td>model.kind</td>");
        // the charts: Chart.js inlined (no network), one canvas per chart, the data for both runs
        assertThat(html).contains("Chart.js v" + ChartJs.version(), "Released under the MIT License")
                .doesNotContain("<script src=");
        for (String id : List.of("acc-epoch", "acc-wall", "loss", "alpha", "mu")) {
            assertThat(html).contains("<canvas id=\"" + id + "\"></canvas>");
        }
        JsonNode data = chartData(html);
        JsonNode accEpoch = data.path("charts").get(0);
        assertThat(accEpoch.path("yMin").asDouble()).isZero();
        assertThat(accEpoch.path("yMax").asDouble()).isEqualTo(1.0);
        List<String> labels = new ArrayList<>();
        accEpoch.path("series").forEach(s -> labels.add(s.path("label").asText()));
        assertThat(labels).containsExactly("physics test", "physics validation", "constant test",
                "constant validation");
        assertThat(accEpoch.path("series").get(0).path("points").toString()).isEqualTo("[[1.0,0.3],[2.0,0.49],[3.0,0.53]]");
        JsonNode loss = data.path("charts").get(2);
        assertThat(loss.path("series")).hasSize(6);
        assertThat(loss.path("series").get(0).path("points")).hasSize(12);
        assertThat(loss.path("series").get(2).path("label").asText()).isEqualTo("physics test loss");
    }

    @Test
    void theInlinedChartJsIsTheWebJarThePomNames() {
        assertThat(critdamp.run.Provenance.mavenVersion(ChartJs.GROUP, ChartJs.ARTIFACT)).isEqualTo(ChartJs.VERSION);
        assertThat(ChartJs.script()).startsWith("/*!\n * Chart.js v" + ChartJs.VERSION).hasSizeGreaterThan(100_000);
    }

    @Test
    void textFromARunFolderCannotCloseTheDataScript() {
        assertThat(CompareReport.scriptSafe("{\"label\":\"</script><script>alert(1)\"}"))
                .doesNotContain("</script").contains("\\u003c/script");
    }

    @Test
    void roundsArePlacedAtFractionalEpochsTheUnfinishedEpochScaledLikeTheOthers() {
        List<RoundRecord> rounds = new ArrayList<>();
        int[][] er = {{0, 0}, {0, 1}, {0, 2}, {0, 3}, {1, 0}};
        for (int[] x : er) {
            rounds.add(new RoundRecord(x[0], x[1], 0, 0, 0.1, 0.3, 1, 1, 1, 1, 1, Double.NaN, 0));
        }
        assertThat(CompareReport.epochPositions(rounds)).containsExactly(0.25, 0.5, 0.75, 1.0, 1.25);
    }

    @Test
    void aFolderWithoutARunIsNamedAndOneRunIsNotAComparison() throws Exception {
        List<String> runs = twoRuns();
        Path empty = Files.createDirectories(tmp.resolve("runs/empty"));
        assertThatThrownBy(() -> CompareReport.write(new Configuration(), List.of(runs.get(0), empty.toString()),
                tmp.resolve("x.html").toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a run folder: " + empty + " (no run.json)");
        assertThatThrownBy(() -> CompareReport.write(new Configuration(), List.of(runs.get(0)),
                tmp.resolve("x.html").toString()))
                .hasMessageContaining("at least two run folders");
        assertThat(tmp.resolve("x.html")).doesNotExist();
    }

    @Test
    void runsWithTheSameFolderNameAreToldApartByTheirParent() throws Exception {
        Path a = TinyRuns.write(tmp.resolve("day1"), "run", TinyRuns.PHYSICS, new double[] {0.3}, new double[] {0.3});
        Path b = TinyRuns.write(tmp.resolve("day2"), "run", TinyRuns.PHYSICS, new double[] {0.3}, new double[] {0.3});
        List<CompareReport.Run> runs = CompareReport.read(new Configuration(), List.of(a.toString(), b.toString()));
        assertThat(runs).extracting(CompareReport.Run::label).containsExactly("day1/run", "day2/run");
        assertThat(CompareReport.configDifferences(runs)).isEmpty();
    }

    private static JsonNode chartData(String html) throws Exception {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"compare-data\">(.*?)</script>",
                Pattern.DOTALL).matcher(html);
        assertThat(m.find()).isTrue();
        return Json.mapper().readTree(m.group(1));
    }
}
