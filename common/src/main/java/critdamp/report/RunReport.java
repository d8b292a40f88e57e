package critdamp.report;

import com.fasterxml.jackson.databind.JsonNode;
import critdamp.attribution.LayerAttribution;
import critdamp.attribution.LayerSelection;
import critdamp.attribution.SelectionRule;
import critdamp.run.EpochRecord;
import critdamp.run.RoundRecord;
import critdamp.run.RunFolder;
import critdamp.run.RunMetrics;
import critdamp.train.TargetTracker;
import org.apache.hadoop.conf.Configuration;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The report of one run: charts as PNG files under {@code report/} and one self-contained {@code report.html} (the
 * same charts inlined as data URIs, a summary with time to each target accuracy, the config as used), all written
 * atomically into the run folder on any Hadoop file system, so it can be produced while or after a run trains.
 *
 * <p>Reads {@code config.json}, {@code epochs.jsonl}, {@code rounds.jsonl}, and when present {@code attribution.json}
 * ({@link LayerAttribution#fromJson}) and {@code retraining.json} (shown as generic key/values). The {@code flagged}
 * layers of {@code selection.json} (or of {@code retraining.json}; layer objects with a name, or names) are red in the
 * attribution chart; without either the top {@value #DEFAULT_FLAGGED} layers by score are, and the page says so.
 */
public final class RunReport {
    private static final Logger LOG = LoggerFactory.getLogger(RunReport.class);
    /** The report file in the run folder. */
    public static final String HTML = "report.html";
    /** The folder of the PNG charts in the run folder. */
    public static final String PNG_DIR = "report";
    static final int DEFAULT_FLAGGED = 3;
    /** The attribution stage's selection ({@code LayerSelection} as JSON: "flagged" holds the layers). */
    static final String SELECTION_JSON = "selection.json";

    private RunReport() {
    }

    /** What was written: paths inside the run folder. */
    public record Written(String html, List<String> pngs) {
    }

    /** Writes the report of the run folder at {@code runDir} (a local path or any Hadoop URI). */
    public static Written write(Configuration conf, String runDir) {
        return write(RunMetrics.existingFolder(conf, runDir));
    }

    /** Writes the report of {@code folder}. */
    public static Written write(RunFolder folder) {
        RunMetrics m = RunMetrics.read(folder);
        Map<String, byte[]> charts = charts(m);
        List<String> pngs = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : charts.entrySet()) {
            String rel = PNG_DIR + "/" + e.getKey() + ".png";
            folder.writeAtomically(rel, e.getValue());
            pngs.add(rel);
        }
        folder.writeAtomically(HTML, html(m, charts).getBytes(StandardCharsets.UTF_8));
        LOG.info("report written to {}/{}", folder, HTML);
        return new Written(HTML, pngs);
    }

    /** The charts by file stem, in report order; charts without data are left out. */
    static Map<String, byte[]> charts(RunMetrics m) {
        Map<String, byte[]> charts = new LinkedHashMap<>();
        List<EpochRecord> epochs = m.epochs();
        if (!epochs.isEmpty()) {
            double[] ep = epochs.stream().mapToDouble(EpochRecord::epoch).toArray();
            List<Charts.Line> acc = new ArrayList<>();
            acc.add(new Charts.Line("test", ep, epochs.stream().mapToDouble(EpochRecord::testAccuracy).toArray(),
                    Charts.color(0), 2f, true, true));
            double[] val = epochs.stream().mapToDouble(EpochRecord::validationAccuracy).toArray();
            if (java.util.Arrays.stream(val).anyMatch(Double::isFinite)) {
                acc.add(new Charts.Line("validation", ep, val, Charts.color(1), 2f, true, true));
            }
            charts.put("accuracy-epoch", Charts.png(Charts.integerX(Charts.lines("Accuracy vs epoch", "epoch",
                    "accuracy", acc, false)), Charts.WIDTH, Charts.HEIGHT));
            double[] wall = epochs.stream().mapToDouble(EpochRecord::wallSeconds).toArray();
            charts.put("accuracy-wall", Charts.png(Charts.lines("Test accuracy vs wall time", "wall time (s)",
                    "test accuracy", List.of(new Charts.Line("test", wall,
                            epochs.stream().mapToDouble(EpochRecord::testAccuracy).toArray(), Charts.color(0), 2f,
                            true, true)), false), Charts.WIDTH, Charts.HEIGHT));
        }
        List<RoundRecord> rounds = m.rounds();
        if (!rounds.isEmpty()) {
            double[] r = rounds.stream().mapToDouble(RoundRecord::globalRound).toArray();
            charts.put("loss-round", Charts.png(Charts.lines("Training loss per averaging round", "round", "loss",
                    List.of(new Charts.Line("loss", r, rounds.stream().mapToDouble(RoundRecord::loss).toArray(),
                            Charts.color(0), 1.5f, true, false)), false), Charts.WIDTH, Charts.HEIGHT));
            charts.put("schedule", Charts.png(schedule(rounds), Charts.WIDTH, 560));
        }
        attribution(m.folder(), flaggedSource(m.folder())).ifPresent(a ->
                charts.put("attribution", Charts.png(a, Charts.WIDTH, 520)));
        return charts;
    }

    /** alpha(t) above mu(t), as every round used them, sharing the step axis. */
    private static JFreeChart schedule(List<RoundRecord> rounds) {
        double[] step = rounds.stream().mapToDouble(RoundRecord::step).toArray();
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("step t"));
        plot.setGap(10);
        plot.add(Charts.plot("step t", "alpha(t)", List.of(new Charts.Line("alpha", step,
                rounds.stream().mapToDouble(RoundRecord::alpha).toArray(), Charts.color(0), 2f, true, false)),
                true), 1);
        plot.add(Charts.plot("step t", "mu(t)", List.of(new Charts.Line("mu", step,
                rounds.stream().mapToDouble(RoundRecord::mu).toArray(), Charts.color(1), 2f, true, false)),
                false), 1);
        JFreeChart chart = new JFreeChart("Learning rate alpha(t) and momentum mu(t) per round",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** Where the flagged layers are recorded: selection.json (attribute stage), else retraining.json. */
    private static Optional<JsonNode> flaggedSource(RunFolder folder) {
        Optional<JsonNode> selection = RunMetrics.readTree(folder, SELECTION_JSON);
        if (selection.map(s -> s.path("flagged").isArray()).orElse(false)) {
            return selection;
        }
        return retraining(folder);
    }

    private static Optional<JsonNode> retraining(RunFolder folder) {
        return RunMetrics.readTree(folder, "retraining.json");
    }

    private static Optional<JFreeChart> attribution(RunFolder folder, Optional<JsonNode> retraining) {
        Optional<String> json = RunMetrics.readText(folder, "attribution.json");
        if (json.isEmpty()) {
            return Optional.empty();
        }
        LayerAttribution a = LayerAttribution.fromJson(json.get());
        return Optional.of(AttributionChart.create(a, flagged(a, retraining)));
    }

    /** The flagged layers: selection.json's or retraining.json's "flagged" layers, or else the top-scored ones. */
    static Set<String> flagged(LayerAttribution a, Optional<JsonNode> recorded) {
        JsonNode names = recorded.map(r -> r.path("flagged")).orElse(null);
        if (names != null && names.isArray()) {
            Set<String> set = new HashSet<>();
            names.forEach(n -> set.add(n.isTextual() ? n.asText() : n.path("name").asText()));
            return set;
        }
        return LayerSelection.apply(a, SelectionRule.topK(Math.min(DEFAULT_FLAGGED, a.layers().size()))).nameSet();
    }

    /** The report page. */
    static String html(RunMetrics m, Map<String, byte[]> charts) {
        String name = m.folder().root().getName();
        Html h = new Html("critdamp run " + name);
        h.h1("Run " + name);
        h.p(m.folder() + " — report written " + Instant.now(), "meta");
        if (m.config() != null) {
            h.p(String.format(Locale.ROOT, "%s, optimizer %s, learning rate %s (base %s), momentum %s, seed %s",
                    m.config().path("model").path("kind").asText("?"),
                    m.config().path("optimizer").path("kind").asText("?"),
                    m.config().path("learningRate").path("kind").asText("?"),
                    m.config().path("learningRate").path("baseLr").asText("?"),
                    m.config().path("momentum").path("kind").asText("?"),
                    m.config().path("run").path("seed").asText("?")), null);
        }
        h.h2("Summary");
        h.table(List.of("figure", "value"), summaryRows(m));
        h.h2("Time to target test accuracy");
        h.table(List.of("target", "epochs", "wall time", "status"), targetRows(m));
        appendChart(h, charts, "accuracy-epoch", "Test and validation accuracy vs epoch");
        appendChart(h, charts, "accuracy-wall", "Test accuracy vs wall time");
        appendChart(h, charts, "loss-round", "Training loss per round");
        appendChart(h, charts, "schedule", "Learning rate and momentum per round");
        if (charts.containsKey("attribution")) {
            h.h2("Layer attribution");
            h.img(charts.get("attribution"), "attribution");
            boolean fromFile = flaggedSource(m.folder()).map(r -> r.path("flagged").isArray()).orElse(false);
            h.p(fromFile ? "Flagged layers (red) as recorded by the attribution stage."
                    : "Red: the top " + DEFAULT_FLAGGED + " layers by score (no flagged set recorded).", "note");
        }
        retraining(m.folder()).ifPresent(r -> {
            h.h2("Retraining");
            h.keyValues(r);
        });
        if (m.config() != null) {
            h.h2("Configuration as used");
            h.keyValues(m.config());
        }
        if (m.epochs().isEmpty()) {
            h.p("No epoch has finished yet: no accuracy figures.", "note");
        }
        return h.render();
    }

    private static void appendChart(Html h, Map<String, byte[]> charts, String key, String title) {
        if (charts.containsKey(key)) {
            h.h2(title);
            h.img(charts.get(key), title);
        }
    }

    private static List<List<String>> summaryRows(RunMetrics m) {
        List<List<String>> rows = new ArrayList<>();
        int bestEpoch = 0;
        for (EpochRecord e : m.epochs()) {
            if (e.testAccuracy() == m.bestTestAccuracy()) {
                bestEpoch = e.epoch();
                break;
            }
        }
        rows.add(List.of("final test accuracy", Html.n(Html.num(m.finalTestAccuracy(), 4))));
        rows.add(List.of("best test accuracy", Html.n(Html.num(m.bestTestAccuracy(), 4)
                + (bestEpoch > 0 ? " (epoch " + bestEpoch + ")" : ""))));
        rows.add(List.of("final validation accuracy", Html.n(Html.num(m.finalValidationAccuracy(), 4))));
        rows.add(List.of("epochs", Html.n(String.valueOf(m.epochs().size()))));
        rows.add(List.of("averaging rounds", Html.n(String.valueOf(m.rounds().size()))));
        rows.add(List.of("steps", Html.n(m.epochs().isEmpty() ? "–"
                : String.valueOf(m.epochs().get(m.epochs().size() - 1).step()))));
        rows.add(List.of("wall time", Html.n(Html.duration(m.wallSeconds()))));
        rows.add(List.of("training images/s", Html.n(Html.num(m.imagesPerSecond(), 0))));
        return rows;
    }

    private static List<List<String>> targetRows(RunMetrics m) {
        List<List<String>> rows = new ArrayList<>();
        for (TargetTracker.Crossing c : m.crossings()) {
            rows.add(List.of(Html.n(Html.num(c.target(), 2)), Html.n(c.reached() ? String.valueOf(c.epoch()) : "–"),
                    Html.n(c.reached() ? Html.duration(c.wallSeconds()) : "–"),
                    c.reached() ? Html.CLASS + "done:reached" : "not reached"));
        }
        return rows;
    }
}
