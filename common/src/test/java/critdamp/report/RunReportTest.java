package critdamp.report;

import critdamp.run.RunFiles;
import critdamp.base.Json;
import static org.assertj.core.api.Assertions.assertThat;

import critdamp.attribution.LayerAttribution;
import critdamp.attribution.LayerScore;
import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import critdamp.run.EpochRecord;
import critdamp.run.RoundRecord;
import critdamp.run.RunFolder;
import org.apache.hadoop.conf.Configuration;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The run report from hand-written run folders: PNGs that decode, axes from 0, the split behind every "best", raw and
 * smoothed loss, provenance, and the live (reloading) version written during a run.
 */
class RunReportTest {
    @TempDir
    Path tmp;

    private Path runFolder(boolean withExtras) throws Exception {
        Path run = tmp.resolve("runs/demo");
        Files.createDirectories(run);
        TrainConfig cfg = ConfigLoader.parse("run: {name: demo, seed: 7}\nlearningRate: {kind: cosine, baseLr: 0.05}\n"
                + "momentum: {kind: physics}\ntraining: {epochs: 3, targetAccuracies: [0.3, 0.5, 0.9]}\n",
                List.of(), TrainConfig.class);
        Files.writeString(run.resolve("config.json"), Json.write(cfg));
        Files.writeString(run.resolve("run.json"), "{}");
        List<String> epochs = new ArrayList<>();
        double[] acc = {0.25, 0.41, 0.56};
        for (int e = 1; e <= 3; e++) {
            epochs.add(Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature
                    .INDENT_OUTPUT).writeValueAsString(new EpochRecord(e, 10L * e, 0.05, 0.55, 2.0 - 0.3 * e,
                    acc[e - 1] - 0.01, acc[e - 1], 1.5, 12.5 * e, 800)));
        }
        Files.writeString(run.resolve("epochs.jsonl"), String.join("\n", epochs) + "\n");
        List<String> rounds = new ArrayList<>();
        for (int r = 0; r < 6; r++) {
            double alpha = 0.05 * (1 + Math.cos(Math.PI * r / 6)) / 2;
            rounds.add(Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature
                    .INDENT_OUTPUT).writeValueAsString(new RoundRecord(r / 2, r % 2, r + 1, 5L * r, alpha,
                    1 - 2 * Math.sqrt(alpha), 2.3 - 0.2 * r, 640, 0.8, 800, 0.8 * (r + 1), Double.NaN, 1_000_000L)));
        }
        Files.writeString(run.resolve("rounds.jsonl"), String.join("\n", rounds) + "\n");
        if (withExtras) {
            LayerAttribution a = new LayerAttribution(40, 60, List.of(
                    new LayerScore("conv1", 100, 0.1, 1, 1, 2, 0.5, 1),
                    new LayerScore("conv2", 400, 0.4, 2, 1, 4, 0.5, 2),
                    new LayerScore("dense", 500, 0.5, 3, 1, 5, 0.6, 3)));
            Files.writeString(run.resolve("attribution.json"), a.toJson());
            Files.writeString(run.resolve("retraining.json"),
                    "{\"flagged\": [\"dense\"], \"fixed\": 62, \"broken\": 40, \"net\": 22, \"note\": \"<b>x</b>\"}");
        }
        return run;
    }

    @Test
    void writesDecodablePngsAndAHtmlWithTheTargetsTable() throws Exception {
        Path run = runFolder(true);
        RunReport.Written w = RunReport.write(new Configuration(), run.toString());

        assertThat(w.pngs()).containsExactly("report/accuracy-epoch.png", "report/accuracy-wall.png",
                "report/loss-epoch.png", "report/loss-round.png", "report/schedule.png", "report/attribution.png");
        for (String png : w.pngs()) {
            BufferedImage img = ImageIO.read(run.resolve(png).toFile());
            assertThat(img).as(png).isNotNull();
            assertThat(img.getWidth()).isGreaterThanOrEqualTo(800);
        }
        String html = Files.readString(run.resolve("report.html"));
        assertThat(html).contains("Time to target accuracy", "<th>target</th>", "<th>validation: epoch</th>",
                "<th>test: epoch</th>");
        assertThat(html).contains("0.30", "0.50", "not reached");
        assertThat(html).contains("0.5600");
        assertThat(html.split("data:image/png;base64,", -1)).hasSize(7);
        assertThat(html).contains("Retraining", "fixed", "62", "&lt;b&gt;x&lt;/b&gt;").doesNotContain("<b>x</b>");
        assertThat(html).contains("Configuration as used", "momentum.kind", "physics");
        try (var files = Files.list(run.resolve("report"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp"));
        }
    }

    /** Validation peaks at epoch 2, test at epoch 3: the page keeps epoch 2 and names the split behind each figure. */
    @Test
    void theBestEpochIsChosenOnValidationAndItsTestAccuracyReported() throws Exception {
        Path run = TinyRuns.write(tmp, "best", TinyRuns.PHYSICS, new double[] {0.30, 0.52, 0.48},
                new double[] {0.29, 0.47, 0.55});
        RunReport.write(new Configuration(), run.toString());
        String html = Files.readString(run.resolve("report.html"));
        assertThat(html).contains("<tr><td>best epoch</td><td class=\"num\">2</td><td>chosen on validation</td></tr>");
        assertThat(html).contains("<tr><td>validation accuracy at the best epoch</td><td class=\"num\">0.5200</td>");
        assertThat(html).contains("<tr><td>test accuracy at the best epoch</td><td class=\"num\">0.4700</td>"
                + "<td>test (measured, not used to choose)</td></tr>");
        assertThat(html).contains("<tr><td>highest test accuracy of any epoch</td><td class=\"num\">0.5500 (epoch 3)"
                + "</td><td>test (for reference only)</td></tr>");
        // target 0.5: validation reached it at epoch 2, test at epoch 3
        assertThat(html).contains("<tr><td class=\"num\">0.50</td><td class=\"done\">2</td>");
        assertThat(html).contains("<td class=\"done\">3</td><td class=\"num\">37.5 s</td></tr>");
    }

    @Test
    void withoutAValidationSplitTheBestEpochSaysItWasChosenOnTest() throws Exception {
        double nan = Double.NaN;
        Path run = TinyRuns.write(tmp, "noval", TinyRuns.PHYSICS, new double[] {nan, nan}, new double[] {0.4, 0.3});
        RunReport.write(new Configuration(), run.toString());
        assertThat(Files.readString(run.resolve("report.html")))
                .contains("<td>chosen on test (no validation split: optimistic)</td>");
    }

    @Test
    void provenanceShowsCommitBackendFastPathAndDataChecksums() throws Exception {
        Path run = TinyRuns.write(tmp, "prov", TinyRuns.PHYSICS, new double[] {0.3}, new double[] {0.3});
        TinyRuns.executors(run);
        RunReport.write(new Configuration(), run.toString());
        String html = Files.readString(run.resolve("report.html"));
        assertThat(html).contains("<h2>Provenance</h2>", "<td>git commit</td><td>" + TinyRuns.COMMIT + "</td>",
                "<td>backend</td><td>CPU; BLAS OPENBLAS</td>", "<td>native library</td><td>libnd4jcpu-onednn-avx2</td>",
                "<td class=\"done\">on: all 2 executor JVM(s) ran every conv/batch-norm/pooling layer on oneDNN",
                "<td>data MD5 data_batch_1.bin</td><td>" + TinyRuns.CHECKSUM + "</td>", "/data/cifar-10-batches-bin");

        TinyRuns.executors(run, "conv2", "bn1");
        RunReport.write(new Configuration(), run.toString());
        assertThat(Files.readString(run.resolve("report.html")))
                .contains("<td class=\"failed\">SLOW PATH: executor 1: 2 of 9 layers on DL4J&#39;s Java path");

        Files.delete(run.resolve(RunFiles.EXECUTORS_JSON));
        RunReport.write(new Configuration(), run.toString());
        assertThat(Files.readString(run.resolve("report.html"))).contains("not recorded (no executors.json");
    }

    @Test
    void everyYAxisStartsAtZeroAndAccuracySpansZeroToOne() throws Exception {
        Path run = runFolder(true);
        Map<String, JFreeChart> charts = RunReport.chartObjects(
                critdamp.run.RunMetrics.read(new Configuration(), run.toString()));
        assertThat(charts).containsKeys("accuracy-epoch", "accuracy-wall", "loss-epoch", "loss-round", "schedule");
        for (Map.Entry<String, JFreeChart> e : charts.entrySet()) {
            if (e.getKey().equals("attribution")) {
                continue;
            }
            for (XYPlot plot : plots(e.getValue())) {
                ValueAxis y = plot.getRangeAxis();
                assertThat(y.getLowerBound()).as(e.getKey() + " " + y.getLabel()).isEqualTo(0.0);
                if (e.getKey().startsWith("accuracy")) {
                    assertThat(y.getUpperBound()).as(e.getKey()).isEqualTo(1.0);
                }
            }
        }
        // the loss data lies in 1.1..2.3: cut to the data's range, the axis would start near 1
        assertThat(plots(charts.get("loss-round")).get(0).getDataRange(plots(charts.get("loss-round")).get(0)
                .getRangeAxis()).getLowerBound()).isGreaterThan(1.0);
    }

    private static List<XYPlot> plots(JFreeChart chart) {
        if (chart.getPlot() instanceof CombinedDomainXYPlot combined) {
            return combined.getSubplots();
        }
        return List.of(chart.getXYPlot());
    }

    @Test
    void theLossIsDrawnRawAndSmoothedWithTheTestLossPerEpoch() throws Exception {
        Path run = runFolder(false);
        Map<String, JFreeChart> charts = RunReport.chartObjects(
                critdamp.run.RunMetrics.read(new Configuration(), run.toString()));
        var rounds = charts.get("loss-round").getXYPlot().getDataset();
        assertThat(rounds.getSeriesCount()).isEqualTo(2);
        assertThat(rounds.getSeriesKey(0).toString()).startsWith("raw");
        assertThat(rounds.getSeriesKey(1).toString()).isEqualTo(Smoothing.describe(6));
        assertThat(rounds.getYValue(1, 5)).isNotEqualTo(rounds.getYValue(0, 5)).isGreaterThan(rounds.getYValue(0, 5));
        var epochs = charts.get("loss-epoch").getXYPlot().getDataset();
        assertThat(epochs.getSeriesKey(1).toString()).isEqualTo("test");
        assertThat(epochs.getYValue(1, 2)).isEqualTo(1.5);
    }

    @Test
    void theLiveReportReloadsAndSaysSoUntilTheFinalOneReplacesIt() throws Exception {
        Path run = runFolder(false);
        RunFolder folder = critdamp.run.RunMetrics.existingFolder(new Configuration(), run.toString());
        assertThat(RunReport.writeLive(folder)).isPresent();
        String live = Files.readString(run.resolve("report.html"));
        assertThat(live).contains("<meta http-equiv=\"refresh\" content=\"" + RunReport.LIVE_REFRESH_SECONDS + "\">",
                "<p class=\"live\">Run in progress: epoch 3 of 3 finished.");
        RunReport.write(folder);
        String done = Files.readString(run.resolve("report.html"));
        assertThat(done).doesNotContain("http-equiv", "Run in progress");
    }

    @Test
    void aLiveReportThatCannotBeWrittenIsSkippedNotThrown() throws Exception {
        Path run = runFolder(false);
        Files.writeString(run.resolve("epochs.jsonl"), "not json\n");
        RunFolder folder = critdamp.run.RunMetrics.existingFolder(new Configuration(), run.toString());
        assertThat(RunReport.writeLive(folder)).isEmpty();
    }

    @Test
    void aRunWithoutAttributionOrEpochsStillGetsAReport() throws Exception {
        Path run = runFolder(false);
        Files.delete(run.resolve("epochs.jsonl"));
        RunReport.Written w = RunReport.write(new Configuration(), run.toString());
        assertThat(w.pngs()).containsExactly("report/loss-round.png", "report/schedule.png");
        assertThat(Files.readString(run.resolve("report.html"))).contains("<td>best epoch</td><td class=\"num\">–</td>");
        assertThat(Files.readString(run.resolve("report.html"))).contains("No epoch has finished yet");
    }

    @Test
    void flaggedLayersComeFromRetrainingOrElseTheTopScores() {
        LayerAttribution a = new LayerAttribution(1, 1, List.of(new LayerScore("a", 1, 0.25, 1, 1, 1, 0.1, 1),
                new LayerScore("b", 1, 0.25, 1, 1, 1, 0.4, 1), new LayerScore("c", 1, 0.25, 1, 1, 1, 0.3, 1),
                new LayerScore("d", 1, 0.25, 1, 1, 1, 0.2, 1)));
        assertThat(RunReport.flagged(a, java.util.Optional.empty())).containsExactlyInAnyOrder("b", "c", "d");
        var retraining = Json.mapper().createObjectNode();
        retraining.putArray("flagged").add("a");
        assertThat(RunReport.flagged(a, java.util.Optional.of(retraining))).containsExactly("a");
        var selection = Json.mapper().createObjectNode();
        selection.putArray("flagged").addObject().put("name", "c");
        assertThat(RunReport.flagged(a, java.util.Optional.of(selection))).containsExactly("c");
    }
}
