package critdamp.report;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.attribution.LayerAttribution;
import critdamp.attribution.LayerScore;
import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import critdamp.run.EpochRecord;
import critdamp.run.RoundRecord;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The run report from a hand-written run folder: PNGs that decode, and an HTML page with the figures in it. */
class RunReportTest {
    @TempDir
    Path tmp;

    private Path runFolder(boolean withExtras) throws Exception {
        Path run = tmp.resolve("runs/demo");
        Files.createDirectories(run);
        TrainConfig cfg = ConfigLoader.parse("run: {name: demo, seed: 7}\nlearningRate: {kind: cosine, baseLr: 0.05}\n"
                + "momentum: {kind: physics}\ntraining: {epochs: 3, targetAccuracies: [0.3, 0.5, 0.9]}\n",
                List.of(), TrainConfig.class);
        Files.writeString(run.resolve("config.json"), ConfigLoader.toJson(cfg));
        Files.writeString(run.resolve("run.json"), "{}");
        List<String> epochs = new ArrayList<>();
        double[] acc = {0.25, 0.41, 0.56};
        for (int e = 1; e <= 3; e++) {
            epochs.add(ConfigLoader.json().writer().without(com.fasterxml.jackson.databind.SerializationFeature
                    .INDENT_OUTPUT).writeValueAsString(new EpochRecord(e, 10L * e, 0.05, 0.55, 2.0 - 0.3 * e,
                    acc[e - 1] - 0.01, acc[e - 1], 1.5, 12.5 * e, 800)));
        }
        Files.writeString(run.resolve("epochs.jsonl"), String.join("\n", epochs) + "\n");
        List<String> rounds = new ArrayList<>();
        for (int r = 0; r < 6; r++) {
            double alpha = 0.05 * (1 + Math.cos(Math.PI * r / 6)) / 2;
            rounds.add(ConfigLoader.json().writer().without(com.fasterxml.jackson.databind.SerializationFeature
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
                "report/loss-round.png", "report/schedule.png", "report/attribution.png");
        for (String png : w.pngs()) {
            BufferedImage img = ImageIO.read(run.resolve(png).toFile());
            assertThat(img).as(png).isNotNull();
            assertThat(img.getWidth()).isGreaterThanOrEqualTo(800);
        }
        String html = Files.readString(run.resolve("report.html"));
        assertThat(html).contains("Time to target test accuracy", "<th>target</th>", "<th>epochs</th>");
        assertThat(html).contains("0.30", "0.50", "not reached");
        assertThat(html).contains("0.5600");
        assertThat(html.split("data:image/png;base64,", -1)).hasSize(6);
        assertThat(html).contains("Retraining", "fixed", "62", "&lt;b&gt;x&lt;/b&gt;").doesNotContain("<b>x</b>");
        assertThat(html).contains("Configuration as used", "momentum.kind", "physics");
        try (var files = Files.list(run.resolve("report"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp"));
        }
    }

    @Test
    void aRunWithoutAttributionOrEpochsStillGetsAReport() throws Exception {
        Path run = runFolder(false);
        Files.delete(run.resolve("epochs.jsonl"));
        RunReport.Written w = RunReport.write(new Configuration(), run.toString());
        assertThat(w.pngs()).containsExactly("report/loss-round.png", "report/schedule.png");
        assertThat(Files.readString(run.resolve("report.html"))).contains("No epoch has finished yet");
    }

    @Test
    void flaggedLayersComeFromRetrainingOrElseTheTopScores() {
        LayerAttribution a = new LayerAttribution(1, 1, List.of(new LayerScore("a", 1, 0.25, 1, 1, 1, 0.1, 1),
                new LayerScore("b", 1, 0.25, 1, 1, 1, 0.4, 1), new LayerScore("c", 1, 0.25, 1, 1, 1, 0.3, 1),
                new LayerScore("d", 1, 0.25, 1, 1, 1, 0.2, 1)));
        assertThat(RunReport.flagged(a, java.util.Optional.empty())).containsExactlyInAnyOrder("b", "c", "d");
        var retraining = ConfigLoader.json().createObjectNode();
        retraining.putArray("flagged").add("a");
        assertThat(RunReport.flagged(a, java.util.Optional.of(retraining))).containsExactly("a");
        var selection = ConfigLoader.json().createObjectNode();
        selection.putArray("flagged").addObject().put("name", "c");
        assertThat(RunReport.flagged(a, java.util.Optional.of(selection))).containsExactly("c");
    }
}
