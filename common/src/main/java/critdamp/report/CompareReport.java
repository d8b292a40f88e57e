package critdamp.report;

import critdamp.run.RunFiles;
import critdamp.base.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import critdamp.run.EpochRecord;
import critdamp.run.RoundRecord;
import critdamp.run.RunFolder;
import critdamp.run.RunMetrics;
import critdamp.train.TargetTracker;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.ToDoubleFunction;

/**
 * Two or more runs side by side on one self-contained HTML page: validation and test accuracy against epoch and
 * against wall time, training loss (raw and smoothed, per round) with the per-epoch test loss, alpha and mu, each run in
 * one colour; a table of the runs' summaries (best epoch chosen on validation, its test accuracy, final accuracy, time,
 * throughput, commit, fast path), their time to each target test accuracy, and the config keys whose values differ.
 *
 * <p>The charts are Chart.js ({@link ChartJs}), inlined with the data as JSON: interactive (hover for values, click a
 * legend entry to hide a line) and offline. Every y axis starts at 0; accuracy spans 0..1. Run folders are read
 * through Hadoop paths like {@code report}; the page is written atomically to any Hadoop path.
 */
public final class CompareReport {
    private static final Logger LOG = LoggerFactory.getLogger(CompareReport.class);
    /** The page's default file name. */
    public static final String DEFAULT_OUTPUT = "compare.html";

    private CompareReport() {
    }

    /** One run on the page: its label (folder name, made unique), its metrics and provenance. */
    record Run(String label, RunMetrics metrics, RunProvenance provenance) {
        JsonNode config() {
            return metrics.config();
        }
    }

    /**
     * Reads the run folders {@code runDirs} (local paths or Hadoop URIs, at least two) and writes the comparison page to
     * {@code output}.
     *
     * @return the written page's qualified path
     * @throws IllegalArgumentException when fewer than two folders are given or one holds no run
     */
    public static String write(Configuration conf, List<String> runDirs, String output) {
        List<Run> runs = read(conf, runDirs);
        String html = html(runs);
        Path out = new Path(output);
        // a private instance: no .crc file beside the page, without changing the cached one others share
        try (FileSystem fs = FileSystem.newInstance(out.toUri(), conf)) {
            fs.setWriteChecksum(false);
            Path target = fs.makeQualified(out);
            writeAtomically(fs, target, html.getBytes(StandardCharsets.UTF_8));
            LOG.info("comparison of {} runs written to {}", runs.size(), target);
            return target.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output + ": " + e.getMessage(), e);
        }
    }

    /** Reads the runs; labels are the folder names, with the parent folder added where two names are equal. */
    static List<Run> read(Configuration conf, List<String> runDirs) {
        if (runDirs.size() < 2) {
            throw new IllegalArgumentException("compare needs at least two run folders, got " + runDirs.size());
        }
        List<RunFolder> folders = new ArrayList<>();
        for (String dir : runDirs) {
            Path p = new Path(dir);
            try {
                FileSystem fs = p.getFileSystem(conf);
                if (!fs.exists(new Path(p, RunFiles.RUN_JSON))) {
                    throw new IllegalArgumentException("not a run folder: " + dir + " (no " + RunFiles.RUN_JSON + ")");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
            }
            folders.add(RunMetrics.existingFolder(conf, dir));
        }
        Map<String, Integer> names = new HashMap<>();
        folders.forEach(f -> names.merge(f.root().getName(), 1, Integer::sum));
        List<Run> runs = new ArrayList<>();
        for (RunFolder f : folders) {
            String name = f.root().getName();
            String label = names.get(name) > 1 ? f.root().getParent().getName() + "/" + name : name;
            runs.add(new Run(label, RunMetrics.read(f), RunProvenance.read(f)));
        }
        return runs;
    }

    /** The page. */
    static String html(List<Run> runs) {
        List<String> labels = runs.stream().map(Run::label).toList();
        Html h = new Html("critdamp compare: " + String.join(" vs ", labels));
        h.h1("Compare " + String.join(" vs ", labels));
        h.p(runs.stream().map(r -> r.label() + " = " + r.metrics().folder()).reduce((a, b) -> a + "; " + b)
                .orElse("") + " — written " + Instant.now(), "meta");
        h.h2("Runs");
        h.table(List.of("run", "model", "optimizer", "learning rate", "momentum", "epochs", "best epoch",
                "validation acc. at best", "test acc. at best", "final test acc.", "wall time", "images/s"),
                summaryRows(runs));
        h.p("Best epoch: chosen on validation accuracy (on test accuracy only for a run without a validation split, "
                + "marked so); its test accuracy is the measurement.", "note");
        h.h2("Provenance");
        h.table(List.of("run", "commit", "backend", "fast path", "data"), provenanceRows(runs));
        List<Double> targets = targets(runs);
        if (!targets.isEmpty()) {
            h.h2("Time to target test accuracy");
            List<String> header = new ArrayList<>(List.of("run"));
            targets.forEach(t -> header.add(Html.num(t, 2)));
            h.table(header, targetRows(runs, targets));
            h.p("The first epoch whose test accuracy reached the target, and the wall time at its end.", "note");
        }
        h.h2("Configuration differences");
        List<List<String>> diff = configDifferences(runs);
        if (diff.isEmpty()) {
            h.p("The runs' config.json files are identical.", "note");
        } else {
            List<String> header = new ArrayList<>(List.of("config key"));
            header.addAll(labels);
            h.table(header, diff);
            h.p("Keys of config.json whose values differ between the runs; (absent): the run's config lacks the key.",
                    "note");
        }
        h.h2("Charts");
        h.raw("<p id=\"chart-status\" class=\"note\">The charts need JavaScript (Chart.js " + ChartJs.version()
                + ", inlined in this page; no network needed).</p>");
        ObjectNode data = chartData(runs);
        for (JsonNode c : data.path("charts")) {
            h.raw("<div class=\"chart\"><canvas id=\"" + c.path("id").asText() + "\"></canvas></div>");
        }
        h.p("Loss: thin lines are each round's raw mean worker loss, thick lines an " + "EMA (span as in the legend, "
                + "weight 2/(span+1), bias-corrected), dashed lines with points the per-epoch test loss. x = epochs "
                + "done (fractional within an epoch). Hover for values; click a legend entry to hide its line.", "note");
        h.raw("<script type=\"application/json\" id=\"compare-data\">" + scriptSafe(json(data)) + "</script>");
        h.raw("<script>\n" + ChartJs.script() + "\n</script>");
        h.raw("<script>\n" + RENDER_JS + "\n</script>");
        return h.render();
    }

    /** Builds one Chart.js line chart per entry of the page's JSON; reports success or the first error on the page. */
    private static final String RENDER_JS = String.join("\n",
            "(function () {",
            "  var status = document.getElementById('chart-status');",
            "  window.addEventListener('error', function (e) {",
            "    status.textContent = 'chart error: ' + e.message; status.className = 'failed'; });",
            "  var data = JSON.parse(document.getElementById('compare-data').textContent);",
            "  var rendered = 0;",
            "  data.charts.forEach(function (c) {",
            "    new Chart(document.getElementById(c.id), {type: 'line',",
            "      data: {datasets: c.series.map(function (s) { return {label: s.label,",
            "        data: s.points.map(function (p) { return {x: p[0], y: p[1]}; }),",
            "        borderColor: s.color, backgroundColor: s.color, borderWidth: s.width,",
            "        borderDash: s.dashed ? [6, 4] : [], pointRadius: s.markers ? 3 : 0, tension: 0,",
            "        spanGaps: false}; })},",
            "      options: {animation: false, parsing: false, normalized: true, maintainAspectRatio: false,",
            "        interaction: {mode: 'nearest', axis: 'x', intersect: false},",
            "        plugins: {title: {display: true, text: c.title, font: {size: 15}},",
            "          decimation: {enabled: true, algorithm: 'lttb', samples: 800}},",
            "        scales: {x: {type: 'linear', title: {display: true, text: c.x}},",
            "          y: {beginAtZero: true, min: c.yMin, max: c.yMax, title: {display: true, text: c.y}}}}});",
            "    rendered++;",
            "  });",
            "  status.textContent = rendered + ' charts rendered with Chart.js ' + Chart.version"
                    + " + ' (inlined; works offline).';",
            "  document.body.setAttribute('data-charts-rendered', String(rendered));",
            "})();");

    private static List<List<String>> summaryRows(List<Run> runs) {
        List<List<String>> rows = new ArrayList<>();
        for (Run r : runs) {
            RunMetrics m = r.metrics();
            JsonNode c = m.config() == null ? Json.mapper().createObjectNode() : m.config();
            Optional<BestEpoch> best = BestEpoch.choose(m.epochs());
            int planned = c.path("training").path("epochs").asInt(0);
            rows.add(List.of(r.label(), c.path("model").path("kind").asText("?"),
                    c.path("optimizer").path("kind").asText("?"),
                    c.path("learningRate").path("kind").asText("?") + " " + c.path("learningRate").path("baseLr")
                            .asText(""),
                    c.path("momentum").path("kind").asText("?"),
                    Html.n(m.epochs().size() + (planned > 0 ? " of " + planned : "")),
                    Html.n(best.map(b -> b.epoch() + (b.split() == BestEpoch.Split.TEST ? " (on test!)" : ""))
                            .orElse("–")),
                    Html.n(best.map(b -> Html.num(b.validationAccuracy(), 4)).orElse("–")),
                    Html.n(best.map(b -> Html.num(b.testAccuracy(), 4)).orElse("–")),
                    Html.n(Html.num(m.finalTestAccuracy(), 4)),
                    Html.n(Html.duration(m.wallSeconds())),
                    Html.n(Html.num(m.imagesPerSecond(), 0))));
        }
        return rows;
    }

    private static List<List<String>> provenanceRows(List<Run> runs) {
        List<List<String>> rows = new ArrayList<>();
        for (Run r : runs) {
            RunProvenance p = r.provenance();
            RunProvenance.FastPath fast = p.fastPath();
            String commit = p.commit();
            rows.add(List.of(r.label(), commit.length() > 12 ? commit.substring(0, 12) : commit, p.backend(),
                    Html.CLASS + (fast.known() ? (fast.fast() ? "done:on" : "failed:SLOW") : "note:not recorded"),
                    p.dataLocation()));
        }
        return rows;
    }

    private static List<Double> targets(List<Run> runs) {
        Set<Double> all = new TreeSet<>();
        runs.forEach(r -> all.addAll(r.metrics().targets()));
        return List.copyOf(all);
    }

    private static List<List<String>> targetRows(List<Run> runs, List<Double> targets) {
        List<List<String>> rows = new ArrayList<>();
        for (Run r : runs) {
            TargetTracker t = new TargetTracker(targets);
            r.metrics().epochs().forEach(e -> t.observe(e.epoch(), e.testAccuracy(), e.wallSeconds()));
            List<String> row = new ArrayList<>(List.of(r.label()));
            for (TargetTracker.Crossing c : t.crossings()) {
                row.add(c.reached() ? Html.CLASS + "done:epoch " + c.epoch() + ", " + Html.duration(c.wallSeconds())
                        : Html.CLASS + "note:not reached");
            }
            rows.add(row);
        }
        return rows;
    }

    /** Rows (key, value per run) of the flattened config keys whose values are not all equal. */
    static List<List<String>> configDifferences(List<Run> runs) {
        List<Map<String, String>> flat = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        for (Run r : runs) {
            List<List<String>> rows = new ArrayList<>();
            Html.flatten("", r.config(), rows);
            Map<String, String> m = new LinkedHashMap<>();
            rows.forEach(row -> m.put(row.get(0), row.get(1)));
            flat.add(m);
            keys.addAll(m.keySet());
        }
        List<List<String>> diff = new ArrayList<>();
        for (String key : keys) {
            List<String> values = flat.stream().map(m -> m.getOrDefault(key, "(absent)")).toList();
            if (values.stream().distinct().count() > 1) {
                List<String> row = new ArrayList<>(List.of(key));
                row.addAll(values);
                diff.add(row);
            }
        }
        return diff;
    }

    /** The charts as JSON: id, title, axis labels, y range, and per line its label, colour, style and [x, y] points. */
    static ObjectNode chartData(List<Run> runs) {
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode charts = root.putArray("charts");
        ObjectNode accEpoch = chart(charts, "acc-epoch", "Accuracy vs epoch (solid: test, dashed: validation)",
                "epoch", "accuracy", 1.0);
        ObjectNode accWall = chart(charts, "acc-wall", "Accuracy vs wall time (solid: test, dashed: validation)",
                "wall time (s)", "accuracy", 1.0);
        ObjectNode loss = chart(charts, "loss", "Training loss per round (raw, smoothed) and test loss per epoch",
                "epoch", "loss", null);
        ObjectNode alpha = chart(charts, "alpha", "Learning rate alpha per round", "epoch", "alpha", null);
        ObjectNode mu = chart(charts, "mu", "Momentum mu per round", "epoch", "mu", 1.0);
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            String color = hex(i);
            List<EpochRecord> epochs = r.metrics().epochs();
            double[] ep = values(epochs, e -> e.epoch());
            double[] wall = values(epochs, EpochRecord::wallSeconds);
            double[] test = values(epochs, EpochRecord::testAccuracy);
            double[] val = values(epochs, EpochRecord::validationAccuracy);
            series(accEpoch, r.label() + " test", color, 2.5, false, true, ep, test);
            series(accWall, r.label() + " test", color, 2.5, false, true, wall, test);
            if (java.util.Arrays.stream(val).anyMatch(Double::isFinite)) {
                series(accEpoch, r.label() + " validation", color, 1.5, true, true, ep, val);
                series(accWall, r.label() + " validation", color, 1.5, true, true, wall, val);
            }
            List<RoundRecord> rounds = r.metrics().rounds();
            double[] x = epochPositions(rounds);
            double[] raw = values(rounds, RoundRecord::loss);
            series(loss, r.label() + " raw", color + "55", 1, false, false, x, raw);
            series(loss, r.label() + " EMA span " + Smoothing.spanFor(raw.length), color, 2.5, false, false, x,
                    Smoothing.ema(raw, Smoothing.spanFor(raw.length)));
            double[] testLoss = values(epochs, EpochRecord::testLoss);
            if (java.util.Arrays.stream(testLoss).anyMatch(Double::isFinite)) {
                series(loss, r.label() + " test loss", color, 2, true, true, ep, testLoss);
            }
            series(alpha, r.label(), color, 2, false, false, x, values(rounds, RoundRecord::alpha));
            series(mu, r.label(), color, 2, false, false, x, values(rounds, RoundRecord::mu));
        }
        return root;
    }

    /**
     * Each round's position in epochs: epoch + (round + 1) / rounds of that epoch, so runs with different batch sizes
     * or worker counts share the x axis. The last, unfinished epoch is scaled by the earlier epochs' round count.
     */
    static double[] epochPositions(List<RoundRecord> rounds) {
        Map<Integer, Integer> perEpoch = new HashMap<>();
        rounds.forEach(r -> perEpoch.merge(r.epoch(), 1, Integer::sum));
        int full = perEpoch.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        int last = rounds.isEmpty() ? 0 : rounds.get(rounds.size() - 1).epoch();
        double[] x = new double[rounds.size()];
        for (int i = 0; i < x.length; i++) {
            RoundRecord r = rounds.get(i);
            int n = r.epoch() == last && perEpoch.size() > 1 ? full : perEpoch.get(r.epoch());
            x[i] = r.epoch() + (r.round() + 1) / (double) Math.max(n, r.round() + 1);
        }
        return x;
    }

    private static ObjectNode chart(ArrayNode charts, String id, String title, String x, String y, Double yMax) {
        ObjectNode c = charts.addObject();
        c.put("id", id).put("title", title).put("x", x).put("y", y).put("yMin", 0);
        if (yMax != null) {
            c.put("yMax", yMax);
        }
        c.putArray("series");
        return c;
    }

    private static void series(ObjectNode chart, String label, String color, double width, boolean dashed,
                               boolean markers, double[] x, double[] y) {
        ObjectNode s = ((ArrayNode) chart.get("series")).addObject();
        s.put("label", label).put("color", color).put("width", width).put("dashed", dashed).put("markers", markers);
        ArrayNode points = s.putArray("points");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (Double.isFinite(x[i])) {
                ArrayNode p = points.addArray().add(x[i]);
                if (Double.isFinite(y[i])) {
                    p.add(y[i]);
                } else {
                    p.addNull();
                }
            }
        }
    }

    private static <T> double[] values(List<T> items, ToDoubleFunction<T> f) {
        return items.stream().mapToDouble(f).toArray();
    }

    private static String hex(int i) {
        java.awt.Color c = Charts.color(i);
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    private static String json(JsonNode node) {
        try {
            return Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature
                    .INDENT_OUTPUT).writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON inside a script element: "<" only occurs inside JSON strings, where \u003c means the same. */
    static String scriptSafe(String json) {
        return json.replace("<", "\\u003c");
    }

    private static void writeAtomically(FileSystem fs, Path target, byte[] bytes) throws IOException {
        Path parent = Objects.requireNonNullElse(target.getParent(), target);
        Path tmp = new Path(parent, "." + target.getName() + ".tmp-" + UUID.randomUUID());
        try {
            fs.mkdirs(parent);
            try (FSDataOutputStream out = fs.create(tmp, false)) {
                out.write(bytes);
            }
            if (fs.exists(target) && !fs.delete(target, false)) {
                throw new IOException("cannot replace " + target);
            }
            if (!fs.rename(tmp, target)) {
                throw new IOException("rename " + tmp + " -> " + target + " failed");
            }
        } finally {
            if (fs.exists(tmp)) {
                fs.delete(tmp, false);
            }
        }
    }
}
