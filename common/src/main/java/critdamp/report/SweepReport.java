package critdamp.report;

import critdamp.run.RunFiles;
import critdamp.run.EpochRecord;
import critdamp.run.RunFolder;
import critdamp.sweep.PointResult;
import critdamp.sweep.PointStatus;
import critdamp.sweep.SeedGroup;
import critdamp.sweep.SweepTables;
import critdamp.train.TargetTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sweep's report: test accuracy against epoch and against wall time for every point (one colour per seed group,
 * each seed a thin line, the group's mean over seeds a thick one), the per-group summary (mean ± sd over seeds, time
 * to each target test accuracy, "not reached k/n"), each setting's best learning rate (chosen on validation accuracy)
 * and every point's row. Every column names its split: validation accuracy chooses, test accuracy measures. One
 * self-contained {@code report.html} in the sweep folder plus the PNGs under {@code report/}, written atomically.
 */
public final class SweepReport {
    private static final Logger LOG = LoggerFactory.getLogger(SweepReport.class);

    private SweepReport() {
    }

    /**
     * Writes the report.
     *
     * @param sweepDir the sweep folder
     * @param title    the sweep's name
     * @param gridKeys the grid's keys, in order
     * @param results  one row per point
     * @param groups   the seed groups of {@code results}
     * @param curves   point name to its epochs (points without a run folder may be absent)
     */
    public static RunReport.Written write(RunFolder sweepDir, String title, List<String> gridKeys,
                                          List<PointResult> results, List<SeedGroup> groups,
                                          Map<String, List<EpochRecord>> curves) {
        Map<String, byte[]> charts = charts(groups, curves);
        List<String> pngs = RunReport.writeCharts(sweepDir, charts);
        sweepDir.writeAtomically(RunFiles.REPORT_HTML,
                html(sweepDir, title, gridKeys, results, groups, charts).getBytes(StandardCharsets.UTF_8));
        LOG.info("sweep report written to {}/{}", sweepDir, RunFiles.REPORT_HTML);
        return new RunReport.Written(RunFiles.REPORT_HTML, pngs);
    }

    static Map<String, byte[]> charts(List<SeedGroup> groups, Map<String, List<EpochRecord>> curves) {
        List<Charts.Line> byEpoch = new ArrayList<>();
        List<Charts.Line> byWall = new ArrayList<>();
        int g = 0;
        for (SeedGroup group : groups) {
            java.awt.Color color = Charts.color(g++);
            List<List<EpochRecord>> seeds = group.points().stream().map(curves::get)
                    .filter(c -> c != null && !c.isEmpty()).toList();
            if (seeds.isEmpty()) {
                continue;
            }
            boolean several = seeds.size() > 1;
            boolean first = true;
            for (List<EpochRecord> c : seeds) {
                double[] acc = c.stream().mapToDouble(EpochRecord::testAccuracy).toArray();
                if (several) {
                    byEpoch.add(new Charts.Line(group.label() + " (seed)", epochs(c), acc, color, 0.8f, false, false));
                }
                byWall.add(new Charts.Line(group.label(), c.stream().mapToDouble(EpochRecord::wallSeconds).toArray(),
                        acc, color, several ? 1.2f : 2f, first, !several));
                first = false;
            }
            Map<Integer, List<Double>> perEpoch = new TreeMap<>();
            seeds.forEach(c -> c.forEach(e -> perEpoch.computeIfAbsent(e.epoch(), k -> new ArrayList<>())
                    .add(e.testAccuracy())));
            double[] x = perEpoch.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
            double[] mean = perEpoch.values().stream().mapToDouble(v -> SeedGroup.Stat.of(v).mean()).toArray();
            byEpoch.add(new Charts.Line(group.label() + (several ? " (mean of " + seeds.size() + ")" : ""), x, mean,
                    color, 2.5f, true, true));
        }
        Map<String, byte[]> charts = new LinkedHashMap<>();
        if (!byEpoch.isEmpty()) {
            charts.put("sweep-accuracy-epoch", Charts.png(Charts.integerX(Charts.lines("Test accuracy vs epoch",
                    "epoch", "test accuracy", byEpoch, Charts.YAxis.ACCURACY)), Charts.WIDTH, 560));
            charts.put("sweep-accuracy-wall", Charts.png(Charts.lines("Test accuracy vs wall time",
                    "wall time (s)", "test accuracy", byWall, Charts.YAxis.ACCURACY), Charts.WIDTH, 560));
        }
        return charts;
    }

    private static double[] epochs(List<EpochRecord> c) {
        return c.stream().mapToDouble(EpochRecord::epoch).toArray();
    }

    static String html(RunFolder dir, String title, List<String> gridKeys, List<PointResult> results,
                       List<SeedGroup> groups, Map<String, byte[]> charts) {
        Html h = new Html("critdamp sweep " + title);
        h.h1("Sweep " + title);
        long done = results.stream().filter(PointResult::done).count();
        long failed = results.stream().filter(r -> PointStatus.FAILED.equals(r.status())).count();
        h.p(dir + " — " + results.size() + " points: " + done + " done, " + failed + " failed, "
                + (results.size() - done - failed) + " not finished — report written " + Instant.now(), "meta");
        h.p("Grid: " + String.join(", ", gridKeys), null);
        h.h2("Summary over seeds");
        h.table(summaryHeader(groups), summaryRows(groups));
        h.p("mean ± sample standard deviation over the finished points of each group; times to a target test "
                + "accuracy are over the seeds that reached it. Validation accuracy (carved from the training files) "
                + "is what choices read; test accuracy is the measurement and chooses nothing.", "note");
        bestLearningRates(h, groups);
        if (charts.containsKey("sweep-accuracy-epoch")) {
            h.h2("Test accuracy vs epoch");
            h.img(charts.get("sweep-accuracy-epoch"), "test accuracy vs epoch");
            h.p("Thin lines: single seeds; thick lines: the mean over a group's seeds.", "note");
            h.h2("Test accuracy vs wall time");
            h.img(charts.get("sweep-accuracy-wall"), "test accuracy vs wall time");
        }
        h.h2("Points");
        h.table(pointHeader(gridKeys, results), pointRows(gridKeys, results));
        return h.render();
    }

    /**
     * When the grid varies {@value #LR_KEY}: each setting of the other keys (e.g. each momentum schedule) at its own
     * best learning rate, chosen by mean final validation accuracy over seeds (never on test accuracy, which would
     * report the maximum of noisy measurements of the very set it is scored on), with the test accuracy measured there.
     */
    static void bestLearningRates(Html h, List<SeedGroup> groups) {
        Map<String, SeedGroup> best = new LinkedHashMap<>();
        Map<String, Integer> tried = new LinkedHashMap<>();
        for (SeedGroup g : groups) {
            if (!g.values().containsKey(LR_KEY)) {
                return;
            }
            Map<String, Object> rest = new LinkedHashMap<>(g.values());
            rest.remove(LR_KEY);
            String key = rest.isEmpty() ? "all" : rest.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(java.util.stream.Collectors.joining(","));
            tried.merge(key, 1, Integer::sum);
            SeedGroup b = best.get(key);
            double m = g.finalValidationAccuracy().mean();
            if (Double.isFinite(m) && (b == null || m > b.finalValidationAccuracy().mean())) {
                best.put(key, g);
            } else {
                best.putIfAbsent(key, null);
            }
        }
        if (tried.values().stream().allMatch(n -> n < 2)) {
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        best.forEach((k, g) -> rows.add(List.of(k, g == null ? "–" : String.valueOf(g.values().get(LR_KEY)),
                Html.n(g == null ? "no validation accuracy" : pm(g.finalValidationAccuracy(), 4)),
                Html.n(g == null ? "–" : pm(g.finalTestAccuracy(), 4)), Html.n(g == null ? "–" : String.valueOf(g.n())),
                Html.n(String.valueOf(tried.get(k))))));
        h.h2("Best learning rate per setting");
        h.table(List.of("setting", LR_KEY, "final validation accuracy (chose)", "final test accuracy (measured)",
                "seeds", "rates tried"), rows);
    }

    static final String LR_KEY = "learningRate.baseLr";

    private static List<String> summaryHeader(List<SeedGroup> groups) {
        List<String> header = new ArrayList<>(List.of("group", "n", "failed", "final validation accuracy",
                "final test accuracy", "test accuracy at best-validation epoch", "images/s"));
        if (!groups.isEmpty()) {
            groups.get(0).testTargets().forEach(t -> {
                header.add("epochs to test " + SweepTables.label(t.target()));
                header.add("time to test " + SweepTables.label(t.target()));
            });
        }
        return header;
    }

    private static List<List<String>> summaryRows(List<SeedGroup> groups) {
        List<List<String>> rows = new ArrayList<>();
        for (SeedGroup g : groups) {
            List<String> row = new ArrayList<>(List.of(g.label(), Html.n(String.valueOf(g.n())),
                    g.failed() > 0 ? Html.CLASS + "failed:" + g.failed() : Html.n("0"),
                    Html.n(pm(g.finalValidationAccuracy(), 4)), Html.n(pm(g.finalTestAccuracy(), 4)),
                    Html.n(pm(g.testAccuracyAtBestValidation(), 4)),
                    Html.n(Html.num(g.imagesPerSecond().mean(), 0))));
            for (SeedGroup.TargetStat t : g.testTargets()) {
                String note = t.reached() == t.of() ? "" : " (" + t.reachedText() + ")";
                row.add(Html.n(t.reached() == 0 ? t.reachedText() : pm(t.epochs(), 1) + note));
                row.add(Html.n(t.reached() == 0 ? "–" : Html.duration(t.seconds().mean())
                        + (Double.isFinite(t.seconds().sd()) ? " ± " + Html.duration(t.seconds().sd()) : "")));
            }
            rows.add(row);
        }
        return rows;
    }

    /** "0.7123 ± 0.0100", or just the mean for one value. */
    static String pm(SeedGroup.Stat s, int digits) {
        return Html.num(s.mean(), digits) + (Double.isFinite(s.sd()) ? " ± " + Html.num(s.sd(), digits) : "");
    }

    private static List<String> pointHeader(List<String> gridKeys, List<PointResult> results) {
        List<String> header = new ArrayList<>(gridKeys);
        header.addAll(List.of("status", "epochs", "final validation accuracy", "final test accuracy",
                "best-validation epoch", "test accuracy there", "wall time", "images/s"));
        if (!results.isEmpty()) {
            results.get(0).testTargets().forEach(t -> header.add("epoch to test " + SweepTables.label(t.target())));
        }
        header.add("error");
        return header;
    }

    private static List<List<String>> pointRows(List<String> gridKeys, List<PointResult> results) {
        List<List<String>> rows = new ArrayList<>();
        for (PointResult r : results) {
            List<String> row = new ArrayList<>();
            gridKeys.forEach(k -> row.add(String.valueOf(r.values().get(k))));
            row.add(Html.CLASS + r.status() + ":" + r.status());
            row.add(Html.n(String.valueOf(r.epochs())));
            row.add(Html.n(Html.num(r.finalValidationAccuracy(), 4)));
            row.add(Html.n(Html.num(r.finalTestAccuracy(), 4)));
            row.add(Html.n(r.bestValidationEpoch() > 0 ? String.valueOf(r.bestValidationEpoch()) : "–"));
            row.add(Html.n(Html.num(r.testAccuracyAtBestValidation(), 4)));
            row.add(Html.n(Html.duration(r.wallSeconds())));
            row.add(Html.n(Html.num(r.imagesPerSecond(), 0)));
            for (TargetTracker.Crossing c : r.testTargets()) {
                row.add(Html.n(c.reached() ? String.valueOf(c.epoch()) : "–"));
            }
            row.add(r.error() == null ? "" : r.error());
            rows.add(row);
        }
        return rows;
    }
}
