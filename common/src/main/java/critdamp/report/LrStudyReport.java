package critdamp.report;

import critdamp.run.RunFolder;
import critdamp.sweep.LrStudyResult;
import critdamp.sweep.LrStudyTables;
import critdamp.sweep.RateSearch;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A learning-rate study's charts and page: per schedule, final validation accuracy (the search's seed) against the
 * learning rate on a log2 axis, with the chosen rate, its basin and the diverged rates marked; all schedules on one
 * chart; and {@code study.html}: the result table, the charts and every rate tried. PNGs under {@code report/} and
 * the page in the study folder, written atomically.
 */
public final class LrStudyReport {
    private static final Logger LOG = LoggerFactory.getLogger(LrStudyReport.class);
    public static final String STUDY_HTML = "study.html";
    /** The chart of all schedules together. */
    public static final String ALL_CHART = "lr-all";

    private LrStudyReport() {
    }

    /** Writes the charts and the page; {@code title} is the study's name. */
    public static RunReport.Written write(RunFolder dir, String title, LrStudyResult result, double lowest,
                                          double factor) {
        RateAxis axis = RateAxis.of(result, lowest, factor);
        Map<String, byte[]> charts = charts(result, axis);
        List<String> pngs = RunReport.writeCharts(dir, charts);
        dir.writeAtomically(STUDY_HTML, html(dir, title, result, charts).getBytes(StandardCharsets.UTF_8));
        LOG.info("study report written to {}/{}", dir, STUDY_HTML);
        return new RunReport.Written(STUDY_HTML, pngs);
    }

    /** The chart file name (without .png) of {@code schedule}. */
    public static String chartName(String schedule) {
        return "lr-" + schedule;
    }

    /**
     * Rates placed on an evenly spaced axis: rate {@code lowest * factor^k} at position {@code k - kMin}, labelled
     * with the rate itself (a log axis whose ticks are the grid's rates, not powers of 2).
     */
    record RateAxis(double lowest, double factor, int kMin, int kMax) {
        static RateAxis of(LrStudyResult result, double lowest, double factor) {
            int lo = 0;
            int hi = 0;
            for (LrStudyResult.ScheduleRow r : result.schedules()) {
                for (RateSearch.Trial t : r.search().trials()) {
                    int k = (int) Math.round(Math.log(t.rate() / lowest) / Math.log(factor));
                    lo = Math.min(lo, k);
                    hi = Math.max(hi, k);
                }
            }
            return new RateAxis(lowest, factor, lo, hi);
        }

        double x(double rate) {
            return Math.log(rate / lowest) / Math.log(factor) - kMin;
        }

        SymbolAxis axis() {
            String[] labels = new String[kMax - kMin + 1];
            for (int k = kMin; k <= kMax; k++) {
                labels[k - kMin] = LrStudyTables.fmtRate(lowest * Math.pow(factor, k));
            }
            SymbolAxis a = new SymbolAxis("learning rate (log scale: each step x" + LrStudyTables.fmtRate(factor) + ")",
                    labels);
            a.setGridBandsVisible(false);
            return a;
        }
    }

    static Map<String, byte[]> charts(LrStudyResult result, RateAxis axis) {
        Map<String, byte[]> charts = new LinkedHashMap<>();
        List<Charts.Line> all = new ArrayList<>();
        int i = 0;
        for (LrStudyResult.ScheduleRow r : result.schedules()) {
            Charts.Line accuracy = accuracyLine(r, axis, Charts.color(i++));
            if (accuracy == null) {
                continue;
            }
            all.add(accuracy);
            List<Charts.Line> lines = new ArrayList<>();
            basinLine(r, axis).ifPresent(lines::add);
            lines.add(accuracy);
            lines.addAll(markers(r, axis));
            charts.put(chartName(r.schedule()), png(r.schedule() + ": final validation accuracy vs learning rate (seed "
                    + result.searchSeed() + ")", lines, axis));
        }
        if (all.size() > 1) {
            charts.put(ALL_CHART, png("Final validation accuracy vs learning rate, every schedule (seed "
                    + result.searchSeed() + ")", all, axis));
        }
        return charts;
    }

    /** Final validation accuracy of the finished rates; null when none finished. */
    private static Charts.Line accuracyLine(LrStudyResult.ScheduleRow r, RateAxis axis, Color color) {
        List<RateSearch.Trial> done = r.search().trials().stream()
                .filter(t -> t.outcome() == RateSearch.Outcome.DONE).toList();
        return done.isEmpty() ? null : new Charts.Line(r.schedule(), done.stream().mapToDouble(t -> axis.x(t.rate()))
                .toArray(), done.stream().mapToDouble(RateSearch.Trial::validationAccuracy).toArray(), color, 2f, true,
                true);
    }

    /** A bar across the basin at its lowest validation accuracy. */
    private static Optional<Charts.Line> basinLine(LrStudyResult.ScheduleRow r, RateAxis axis) {
        RateSearch.Basin b = r.search().basin();
        if (b == null) {
            return Optional.empty();
        }
        double floor = lowestInBasin(r);
        return Optional.of(new Charts.Line("basin " + LrStudyTables.basinText(b),
                new double[] {axis.x(b.low()), axis.x(b.high())}, new double[] {floor, floor},
                new Color(0xB0, 0xB0, 0xB0), 6f, true, false));
    }

    /** The chosen rate, and the diverged rates at 0. */
    private static List<Charts.Line> markers(LrStudyResult.ScheduleRow r, RateAxis axis) {
        List<Charts.Line> lines = new ArrayList<>();
        RateSearch.Trial best = r.search().best();
        if (best != null) {
            lines.add(new Charts.Line("chosen " + LrStudyTables.fmtRate(best.rate()), new double[] {axis.x(best.rate())},
                    new double[] {best.validationAccuracy()}, Color.BLACK, 2f, true, true));
        }
        List<RateSearch.Trial> diverged = r.search().trials().stream()
                .filter(t -> t.outcome() == RateSearch.Outcome.DIVERGED).toList();
        if (!diverged.isEmpty()) {
            lines.add(new Charts.Line("diverged (at 0)", diverged.stream().mapToDouble(t -> axis.x(t.rate())).toArray(),
                    new double[diverged.size()], new Color(0xB0, 0x00, 0x20), 1f, true, true));
        }
        return lines;
    }

    /** The lowest validation accuracy within the basin: where its bar is drawn. */
    private static double lowestInBasin(LrStudyResult.ScheduleRow r) {
        RateSearch.Basin b = r.search().basin();
        return r.search().trials().stream().filter(t -> t.outcome() == RateSearch.Outcome.DONE
                        && t.rate() >= b.low() && t.rate() <= b.high())
                .mapToDouble(RateSearch.Trial::validationAccuracy).min().orElse(Double.NaN);
    }

    private static byte[] png(String title, List<Charts.Line> lines, RateAxis axis) {
        JFreeChart chart = Charts.lines(title, "learning rate", "final validation accuracy", lines,
                Charts.YAxis.ACCURACY);
        XYPlot plot = (XYPlot) chart.getPlot();
        plot.setDomainAxis(axis.axis());
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD); // the chosen rate's marker on top
        return Charts.png(chart, Charts.WIDTH, Charts.HEIGHT);
    }

    static String html(RunFolder dir, String title, LrStudyResult result, Map<String, byte[]> charts) {
        Html h = new Html("critdamp learning-rate study " + title);
        h.h1("Learning-rate study " + title);
        h.p(dir + " — written " + Instant.now() + "; every run's own report: report.html (the study's runs as a "
                + "sweep) and points/<run>/report.html", "meta");
        LrStudyTables.intro(result).forEach(p -> h.p(p, null));
        h.table(LrStudyTables.header(result), result.schedules().isEmpty() ? List.of()
                : LrStudyTables.rows(result).stream().map(LrStudyReport::numeric).toList());
        String ceiling = LrStudyTables.ceilingText(result);
        h.p(ceiling != null ? ceiling : "Ceiling: not run (critdamp lr-study ... --ceiling).", "note");
        if (charts.containsKey(ALL_CHART)) {
            h.h2("Every schedule");
            h.img(charts.get(ALL_CHART), "final validation accuracy vs learning rate");
        }
        for (LrStudyResult.ScheduleRow r : result.schedules()) {
            h.h2(r.schedule() + " — " + LrStudyTables.verdictText(r.search().verdict()));
            if (charts.containsKey(chartName(r.schedule()))) {
                h.img(charts.get(chartName(r.schedule())), r.schedule() + ": validation accuracy vs learning rate");
            }
            List<List<String>> rows = new ArrayList<>();
            for (RateSearch.Trial t : r.search().trials()) {
                rows.add(List.of(Html.n(LrStudyTables.fmtRate(t.rate())), t.outcome().name().toLowerCase(Locale.ROOT),
                        Html.n(Html.num(t.validationAccuracy(), 4))));
            }
            h.table(List.of("learning rate", "run", "final validation accuracy"), rows);
        }
        return h.render();
    }

    /** Table cells with numbers right-aligned (the first column is the schedule's name). */
    private static List<String> numeric(List<String> row) {
        List<String> out = new ArrayList<>(List.of(row.get(0)));
        row.stream().skip(1).forEach(c -> out.add(Html.n(c)));
        return out;
    }
}
