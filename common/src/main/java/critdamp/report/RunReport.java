package critdamp.report;

import critdamp.run.RunFiles;
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
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The report of one run: charts as PNG files under {@code report/} and one self-contained {@code report.html} (the
 * same charts inlined as data URIs, a summary that names the split behind every figure, time to each target accuracy,
 * provenance, the config as used), all written atomically into the run folder on any Hadoop file system, so it can be
 * produced while or after a run trains. {@link #writeLive} writes the in-progress version after each epoch: the same
 * page plus a reload tag and a banner, so an open report is a live view; {@link #write} (at the end) drops both.
 *
 * <p>Every y axis starts at 0 (accuracy spans 0..1), so a dip is drawn at its true size. The best epoch is chosen on
 * validation accuracy and its test accuracy reported as the measurement ({@link BestEpoch}). The per-round loss is
 * drawn raw and smoothed ({@link Smoothing}); the per-epoch test loss beside the epoch's mean training loss.
 *
 * <p>Reads {@code config.json}, {@code epochs.jsonl}, {@code rounds.jsonl}, {@code run.json} and {@code executors.json}
 * ({@link RunProvenance}), and when present {@code attribution.json} ({@link LayerAttribution#fromJson}) and
 * {@code retraining.json} (shown as generic key/values). The {@code flagged} layers of {@code selection.json} (or of
 * {@code retraining.json}; layer objects with a name, or names) are red in the attribution chart; without either the
 * top {@value #DEFAULT_FLAGGED} layers by score are, and the page says so.
 */
public final class RunReport {
    private static final Logger LOG = LoggerFactory.getLogger(RunReport.class);
    /** How often the in-progress report reloads itself in a browser. */
    public static final int LIVE_REFRESH_SECONDS = 30;
    static final int DEFAULT_FLAGGED = 3;

    private RunReport() {
    }

    /** What was written: paths inside the run folder. */
    public record Written(String html, List<String> pngs) {
    }

    /** Writes the (final) report of the run folder at {@code runDir} (a local path or any Hadoop URI). */
    public static Written write(Configuration conf, String runDir) {
        return write(RunMetrics.existingFolder(conf, runDir));
    }

    /** Writes the final report of {@code folder}: no reload tag, no "in progress" banner. */
    public static Written write(RunFolder folder) {
        return write(folder, false);
    }

    /**
     * Writes the report of a run still training: the full report plus a reload tag (every
     * {@value #LIVE_REFRESH_SECONDS} s) and an "in progress" banner, so a browser showing it follows the run. Call it
     * after each epoch's record is appended; the final {@link #write} replaces it. Never throws: a report that cannot be
     * written is logged and skipped (training must not stop for it).
     *
     * @return what was written, or empty when writing failed
     */
    public static Optional<Written> writeLive(RunFolder folder) {
        try {
            return Optional.of(write(folder, true));
        } catch (RuntimeException e) {
            LOG.warn("could not write the live report for {}: {}", folder, e.getMessage());
            return Optional.empty();
        }
    }

    private static Written write(RunFolder folder, boolean live) {
        RunMetrics m = RunMetrics.read(folder);
        Map<String, byte[]> charts = charts(m);
        List<String> pngs = writeCharts(folder, charts);
        folder.writeAtomically(RunFiles.REPORT_HTML, html(m, charts, live).getBytes(StandardCharsets.UTF_8));
        if (live) { // each epoch: only the final report is announced on the console (every line once)
            LOG.debug("live report written to {}/{}", folder, RunFiles.REPORT_HTML);
        } else {
            LOG.info("report written to {}/{}", folder, RunFiles.REPORT_HTML);
        }
        return new Written(RunFiles.REPORT_HTML, pngs);
    }

    /**
     * Writes each chart (PNG bytes by file stem) atomically as {@code report/<stem>.png} in {@code folder}, the charts
     * of every report (a run's, a sweep's, a study's); returns their paths inside the folder, in order.
     */
    static List<String> writeCharts(RunFolder folder, Map<String, byte[]> charts) {
        List<String> pngs = new ArrayList<>();
        charts.forEach((stem, png) -> {
            String rel = RunFiles.REPORT_PNG_DIR + "/" + stem + ".png";
            folder.writeAtomically(rel, png);
            pngs.add(rel);
        });
        return pngs;
    }

    /** The charts as PNG bytes by file stem, in report order; charts without data are left out. */
    static Map<String, byte[]> charts(RunMetrics m) {
        Map<String, byte[]> pngs = new LinkedHashMap<>();
        chartObjects(m).forEach((name, chart) -> pngs.put(name, Charts.png(chart, Charts.WIDTH,
                switch (name) {
                    case "schedule" -> 560;
                    case "attribution" -> 520;
                    default -> Charts.HEIGHT;
                })));
        return pngs;
    }

    /** The charts by file stem, in report order; charts without data are left out. */
    static Map<String, JFreeChart> chartObjects(RunMetrics m) {
        Map<String, JFreeChart> charts = new LinkedHashMap<>();
        List<EpochRecord> epochs = m.epochs();
        Optional<BestEpoch> best = BestEpoch.choose(epochs);
        if (!epochs.isEmpty()) {
            double[] ep = epochs.stream().mapToDouble(EpochRecord::epoch).toArray();
            double[] wall = epochs.stream().mapToDouble(EpochRecord::wallSeconds).toArray();
            double[] test = epochs.stream().mapToDouble(EpochRecord::testAccuracy).toArray();
            double[] val = epochs.stream().mapToDouble(EpochRecord::validationAccuracy).toArray();
            boolean hasVal = Arrays.stream(val).anyMatch(Double::isFinite);
            JFreeChart byEpoch = Charts.integerX(Charts.lines("Validation and test accuracy vs epoch", "epoch",
                    "accuracy", accuracyLines(ep, val, test, hasVal), Charts.YAxis.ACCURACY));
            best.ifPresent(b -> markBest(byEpoch, b.epoch(), b));
            charts.put("accuracy-epoch", byEpoch);
            JFreeChart byWall = Charts.lines("Validation and test accuracy vs wall time", "wall time (s)", "accuracy",
                    accuracyLines(wall, val, test, hasVal), Charts.YAxis.ACCURACY);
            best.ifPresent(b -> markBest(byWall, b.wallSeconds(), b));
            charts.put("accuracy-wall", byWall);
            double[] testLoss = epochs.stream().mapToDouble(EpochRecord::testLoss).toArray();
            double[] trainLoss = epochs.stream().mapToDouble(EpochRecord::trainLoss).toArray();
            if (Arrays.stream(testLoss).anyMatch(Double::isFinite)) {
                charts.put("loss-epoch", Charts.integerX(Charts.lines("Training and test loss per epoch",
                        "epoch", "loss", List.of(
                                new Charts.Line("training (mean of the epoch's rounds)", ep, trainLoss,
                                        Charts.color(0), 2f, true, true),
                                new Charts.Line("test", ep, testLoss, Charts.color(1), 2f, true, true)),
                        Charts.YAxis.FROM_ZERO)));
            }
        }
        List<RoundRecord> rounds = m.rounds();
        if (!rounds.isEmpty()) {
            double[] r = rounds.stream().mapToDouble(RoundRecord::globalRound).toArray();
            double[] loss = rounds.stream().mapToDouble(RoundRecord::loss).toArray();
            charts.put("loss-round", Charts.lines("Training loss per averaging round", "round", "loss",
                    List.of(new Charts.Line("raw (mean worker loss of the round)", r, loss, RAW_LOSS, 1f, true, false),
                            new Charts.Line(Smoothing.describe(loss.length), r,
                                    Smoothing.ema(loss, Smoothing.spanFor(loss.length)), Charts.color(0), 2.5f, true,
                                    false)), Charts.YAxis.FROM_ZERO));
            charts.put("schedule", schedule(rounds));
        }
        attribution(m.folder(), flaggedSource(m.folder())).ifPresent(a -> charts.put("attribution", a));
        return charts;
    }

    /** The raw per-round loss: light, so the smoothed line reads on top of it. */
    private static final Color RAW_LOSS = new Color(0x9E, 0xC5, 0xE8);

    private static List<Charts.Line> accuracyLines(double[] x, double[] val, double[] test, boolean hasVal) {
        List<Charts.Line> lines = new ArrayList<>();
        if (hasVal) {
            lines.add(new Charts.Line("validation (chooses the best epoch)", x, val, Charts.color(1), 2f, true, true));
        }
        lines.add(new Charts.Line("test (the measurement)", x, test, Charts.color(0), 2f, true, true));
        return lines;
    }

    /** A vertical line at the best epoch, labelled with the split that chose it. */
    private static void markBest(JFreeChart chart, double x, BestEpoch b) {
        ValueMarker marker = new ValueMarker(x, Color.GRAY, new BasicStroke(1f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f));
        marker.setLabel("best on " + (b.split() == BestEpoch.Split.VALIDATION ? "validation" : "test")
                + " (epoch " + b.epoch() + ")");
        marker.setLabelAnchor(RectangleAnchor.BOTTOM_LEFT);
        marker.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        ((XYPlot) chart.getPlot()).addDomainMarker(marker);
    }

    /** alpha(t) above mu(t), as every round used them, sharing the step axis. */
    private static JFreeChart schedule(List<RoundRecord> rounds) {
        double[] step = rounds.stream().mapToDouble(RoundRecord::step).toArray();
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("step t"));
        plot.setGap(10);
        plot.add(Charts.plot("step t", "alpha(t)", List.of(new Charts.Line("alpha", step,
                rounds.stream().mapToDouble(RoundRecord::alpha).toArray(), Charts.color(0), 2f, true, false)),
                Charts.YAxis.FROM_ZERO), 1);
        plot.add(Charts.plot("step t", "mu(t)", List.of(new Charts.Line("mu", step,
                rounds.stream().mapToDouble(RoundRecord::mu).toArray(), Charts.color(1), 2f, true, false)),
                Charts.YAxis.FROM_ZERO), 1);
        JFreeChart chart = new JFreeChart("Learning rate alpha(t) and momentum mu(t) per round",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** Where the flagged layers are recorded: selection.json (attribute stage), else retraining.json. */
    private static Optional<JsonNode> flaggedSource(RunFolder folder) {
        Optional<JsonNode> selection = RunMetrics.readTree(folder, RunFiles.SELECTION_JSON);
        if (selection.map(s -> s.path("flagged").isArray()).orElse(false)) {
            return selection;
        }
        return retraining(folder);
    }

    private static Optional<JsonNode> retraining(RunFolder folder) {
        return RunMetrics.readTree(folder, RunFiles.RETRAINING_JSON);
    }

    private static Optional<JFreeChart> attribution(RunFolder folder, Optional<JsonNode> retraining) {
        Optional<String> json = RunMetrics.readText(folder, RunFiles.ATTRIBUTION_JSON);
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

    /** The report page; {@code live}: with a reload tag and an "in progress" banner. */
    static String html(RunMetrics m, Map<String, byte[]> charts, boolean live) {
        String name = m.folder().root().getName();
        Html h = new Html("critdamp run " + name);
        header(h, m, name, live);
        summary(h, m);
        provenance(h, RunProvenance.read(m.folder()));
        trainingCharts(h, m, charts);
        attributionSection(h, m, charts);
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

    /** Title, where and when, the live banner (and reload tag) when {@code live}, and the run's headline settings. */
    private static void header(Html h, RunMetrics m, String name, boolean live) {
        h.h1("Run " + name);
        h.p(m.folder() + " — report written " + Instant.now(), "meta");
        if (live) {
            h.refreshEvery(LIVE_REFRESH_SECONDS);
            int planned = m.config() == null ? 0 : m.config().path("training").path("epochs").asInt(0);
            h.p("Run in progress: " + (m.epochs().isEmpty() ? "no epoch finished yet"
                    : "epoch " + m.epochs().get(m.epochs().size() - 1).epoch()
                    + (planned > 0 ? " of " + planned : "") + " finished")
                    + ". This page reloads every " + LIVE_REFRESH_SECONDS + " s; the final report replaces it when the "
                    + "run ends (if the time above stops moving, the run has stopped: see its console or log).", "live");
        }
        if (m.config() != null) {
            h.p(String.format(Locale.ROOT, "%s, optimizer %s, learning rate %s (base %s), momentum %s, seed %s",
                    m.config().path("model").path("kind").asText("?"),
                    m.config().path("optimizer").path("kind").asText("?"),
                    m.config().path("learningRate").path("kind").asText("?"),
                    m.config().path("learningRate").path("baseLr").asText("?"),
                    m.config().path("momentum").path("kind").asText("?"),
                    m.config().path("run").path("seed").asText("?")), null);
        }
    }

    /** The summary table (with the split behind every figure) and the time-to-target table. */
    private static void summary(Html h, RunMetrics m) {
        h.h2("Summary");
        h.table(List.of("figure", "value", "split"), summaryRows(m));
        h.p("The best epoch is chosen on the validation split (carved from the training files); the test set only "
                + "measures it. The highest test accuracy of any epoch is shown for reference: picking an epoch by it "
                + "would be an optimistic figure.", "note");
        h.h2("Time to target accuracy");
        h.table(List.of("target", "validation: epoch", "validation: wall time", "test: epoch", "test: wall time"),
                targetRows(m));
        h.p("The first epoch whose accuracy on that split reached the target, and the wall time at its end.", "note");
    }

    /** The accuracy, loss and schedule charts, those with data. */
    private static void trainingCharts(Html h, RunMetrics m, Map<String, byte[]> charts) {
        appendChart(h, charts, "accuracy-epoch", "Validation and test accuracy vs epoch");
        appendChart(h, charts, "accuracy-wall", "Validation and test accuracy vs wall time");
        appendChart(h, charts, "loss-round", "Training loss per round, raw and smoothed");
        if (charts.containsKey("loss-round")) {
            h.p("Smoothed: " + Smoothing.describe(m.rounds().size()) + ". Raw: each round's mean worker loss.",
                    "note");
        }
        appendChart(h, charts, "loss-epoch", "Training and test loss per epoch");
        appendChart(h, charts, "schedule", "Learning rate and momentum per round");
    }

    /** The attribution chart when there is one, saying where its red (flagged) layers come from. */
    private static void attributionSection(Html h, RunMetrics m, Map<String, byte[]> charts) {
        if (charts.containsKey("attribution")) {
            h.h2("Layer attribution");
            h.img(charts.get("attribution"), "attribution");
            boolean fromFile = flaggedSource(m.folder()).map(r -> r.path("flagged").isArray()).orElse(false);
            h.p(fromFile ? "Flagged layers (red) as recorded by the attribution stage."
                    : "Red: the top " + DEFAULT_FLAGGED + " layers by score (no flagged set recorded).", "note");
        }
    }

    /** Commit, backend, native library, fast path, data; the executors' table and run.json in full, folded. */
    private static void provenance(Html h, RunProvenance p) {
        h.h2("Provenance");
        h.table(List.of("what", "value"), p.headlineRows());
        if (!p.executors().isEmpty()) {
            h.details("Executor JVMs (" + p.executors().size() + ", from " + RunFiles.EXECUTORS_JSON + ")");
            h.table(List.of("executor", "host", "pid", "native library", "layers on oneDNN helpers"),
                    p.executorRows());
            h.endDetails();
        }
        p.runJson().ifPresent(r -> {
            h.details("run.json in full");
            h.keyValues(r);
            h.endDetails();
        });
    }

    private static void appendChart(Html h, Map<String, byte[]> charts, String key, String title) {
        if (charts.containsKey(key)) {
            h.h2(title);
            h.img(charts.get(key), title);
        }
    }

    private static List<List<String>> summaryRows(RunMetrics m) {
        List<List<String>> rows = new ArrayList<>();
        Optional<BestEpoch> best = BestEpoch.choose(m.epochs());
        String chosenOn = best.map(b -> "chosen on " + b.split().label()).orElse("–");
        rows.add(List.of("best epoch", Html.n(best.map(b -> String.valueOf(b.epoch())).orElse("–")), chosenOn));
        if (best.map(b -> b.split() == BestEpoch.Split.VALIDATION).orElse(false)) {
            rows.add(List.of("validation accuracy at the best epoch",
                    Html.n(Html.num(best.get().validationAccuracy(), 4)), "validation"));
        }
        rows.add(List.of("test accuracy at the best epoch", Html.n(best.map(b -> Html.num(b.testAccuracy(), 4))
                .orElse("–")), "test (measured, not used to choose)"));
        rows.add(List.of("final validation accuracy", Html.n(Html.num(m.finalValidationAccuracy(), 4)),
                "validation"));
        rows.add(List.of("final test accuracy", Html.n(Html.num(m.finalTestAccuracy(), 4)), "test"));
        int highestEpoch = 0;
        for (EpochRecord e : m.epochs()) {
            if (e.testAccuracy() == m.bestTestAccuracy()) {
                highestEpoch = e.epoch();
                break;
            }
        }
        rows.add(List.of("highest test accuracy of any epoch", Html.n(Html.num(m.bestTestAccuracy(), 4)
                + (highestEpoch > 0 ? " (epoch " + highestEpoch + ")" : "")), "test (for reference only)"));
        rows.add(List.of("epochs", Html.n(String.valueOf(m.epochs().size())), "–"));
        rows.add(List.of("averaging rounds", Html.n(String.valueOf(m.rounds().size())), "–"));
        rows.add(List.of("steps", Html.n(m.epochs().isEmpty() ? "–"
                : String.valueOf(m.epochs().get(m.epochs().size() - 1).step())), "–"));
        rows.add(List.of("wall time", Html.n(Html.duration(m.wallSeconds())), "–"));
        rows.add(List.of("training images/s", Html.n(Html.num(m.imagesPerSecond(), 0)), "training"));
        return rows;
    }

    /** When each target was first reached, on validation and on test. */
    static List<List<String>> targetRows(RunMetrics m) {
        TargetTracker val = new TargetTracker(m.targets());
        TargetTracker test = new TargetTracker(m.targets());
        for (EpochRecord e : m.epochs()) {
            if (Double.isFinite(e.validationAccuracy())) {
                val.observe(e.epoch(), e.validationAccuracy(), e.wallSeconds());
            }
            test.observe(e.epoch(), e.testAccuracy(), e.wallSeconds());
        }
        List<List<String>> rows = new ArrayList<>();
        List<TargetTracker.Crossing> v = val.crossings();
        List<TargetTracker.Crossing> t = test.crossings();
        for (int i = 0; i < t.size(); i++) {
            List<String> row = new ArrayList<>(List.of(Html.n(Html.num(t.get(i).target(), 2))));
            row.addAll(crossingCells(v.get(i)));
            row.addAll(crossingCells(t.get(i)));
            rows.add(row);
        }
        return rows;
    }

    private static List<String> crossingCells(TargetTracker.Crossing c) {
        return c.reached() ? List.of(Html.CLASS + "done:" + c.epoch(), Html.n(Html.duration(c.wallSeconds())))
                : List.of(Html.CLASS + "note:not reached", Html.n("–"));
    }
}
