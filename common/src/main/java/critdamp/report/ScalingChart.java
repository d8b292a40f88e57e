package critdamp.report;

import critdamp.run.RunFolder;
import critdamp.scaling.ScalingMode;
import critdamp.scaling.ScalingRow;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A scaling study's plot, one PNG of four panels against the worker count K, one line per mode: images/s with the
 * ideal (K / K0 times the smallest size's, thin), efficiency, each round's time split into compute, broadcast,
 * aggregation and the rest (stacked bars), and time to the target accuracy with the final test accuracy on a second
 * axis.
 */
public final class ScalingChart {
    public static final String PNG = "scaling.png";
    static final int PANEL_WIDTH = 700;
    static final int PANEL_HEIGHT = 460;
    private static final float THIN_WIDTH = 1f;
    private static final float DASH_WIDTH = 1.5f;

    private ScalingChart() {
    }

    /** Writes {@value #PNG} into the study folder. */
    public static void write(RunFolder study, String title, List<ScalingRow> rows) {
        study.writeAtomically(PNG, png(title, rows));
    }

    /** The four panels, 2 x 2, as PNG bytes. */
    static byte[] png(String title, List<ScalingRow> rows) {
        List<JFreeChart> panels = List.of(throughput(title, rows), efficiency(rows), roundSplit(rows),
                timeToTarget(rows));
        BufferedImage image = new BufferedImage(2 * PANEL_WIDTH, 2 * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            for (int i = 0; i < panels.size(); i++) {
                panels.get(i).draw(g, new Rectangle2D.Double((i % 2) * PANEL_WIDTH, (i / 2) * PANEL_HEIGHT,
                        PANEL_WIDTH, PANEL_HEIGHT));
            }
        } finally {
            g.dispose();
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ChartUtils.writeBufferedImageAsPNG(out, image);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the scaling plot as PNG", e);
        }
    }

    private static JFreeChart throughput(String title, List<ScalingRow> rows) {
        List<Charts.Line> lines = new ArrayList<>();
        for (ScalingMode m : modes(rows)) {
            List<ScalingRow> r = of(rows, m);
            ScalingRow base = r.get(0);
            double[] ideal = r.stream().mapToDouble(x -> base.imagesPerSecond() * x.workers() / base.workers())
                    .toArray();
            lines.add(line(m.configName(), r, ScalingRow::imagesPerSecond, m.ordinal()));
            lines.add(new Charts.Line(m.configName() + " ideal", workers(r), ideal, Charts.color(m.ordinal()),
                    THIN_WIDTH, true, false));
        }
        return Charts.integerX(Charts.lines(title + ": training images/s", "workers", "images/s", lines,
                Charts.YAxis.FROM_ZERO));
    }

    private static JFreeChart efficiency(List<ScalingRow> rows) {
        List<Charts.Line> lines = modes(rows).stream()
                .map(m -> line(m.configName(), of(rows, m), ScalingRow::efficiency, m.ordinal())).toList();
        return Charts.integerX(Charts.lines("Efficiency against the smallest size (1 = ideal)", "workers",
                "efficiency", lines, Charts.YAxis.FROM_ZERO));
    }

    private static JFreeChart roundSplit(List<ScalingRow> rows) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (ScalingRow r : rows) {
            String column = r.mode().configName() + " w" + r.workers();
            data.addValue(finite(r.computeSeconds()), "slowest worker's compute", column);
            data.addValue(finite(r.broadcastSeconds()), "broadcast", column);
            data.addValue(finite(r.aggregateSeconds()), "aggregation", column);
            data.addValue(finite(r.otherSeconds()), "other", column);
        }
        CategoryAxis x = new CategoryAxis("mode, workers");
        x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        StackedBarRenderer bars = new StackedBarRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        for (int i = 0; i < 4; i++) {
            bars.setSeriesPaint(i, Charts.color(i + 2));
        }
        CategoryPlot plot = new CategoryPlot(data, x, new NumberAxis("seconds per round (medians)"), bars);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart("Round time split", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static JFreeChart timeToTarget(List<ScalingRow> rows) {
        double target = rows.get(0).targetAccuracy();
        List<Charts.Line> lines = modes(rows).stream()
                .map(m -> line(m.configName() + " time to target", of(rows, m), ScalingRow::timeToTargetSeconds,
                        m.ordinal())).toList();
        JFreeChart chart = Charts.integerX(Charts.lines(String.format(Locale.ROOT,
                "Time to %.0f%% test accuracy; final accuracy (dashed)", 100 * target), "workers",
                "training seconds to target", lines, Charts.YAxis.FROM_ZERO));
        XYPlot plot = (XYPlot) chart.getPlot();
        XYSeriesCollection accuracy = new XYSeriesCollection();
        XYLineAndShapeRenderer dashed = new XYLineAndShapeRenderer(true, true);
        int i = 0;
        for (ScalingMode m : modes(rows)) {
            XYSeries s = new XYSeries(m.configName() + " final accuracy");
            of(rows, m).stream().filter(r -> Double.isFinite(r.finalTestAccuracy()))
                    .forEach(r -> s.add(r.workers(), r.finalTestAccuracy()));
            accuracy.addSeries(s);
            dashed.setSeriesPaint(i, Charts.color(m.ordinal()));
            dashed.setSeriesStroke(i++, new BasicStroke(DASH_WIDTH, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                    10f, new float[] {6f, 4f}, 0f));
        }
        NumberAxis acc = new NumberAxis("final test accuracy");
        acc.setRange(0, 1);
        plot.setRangeAxis(1, acc);
        plot.setDataset(1, accuracy);
        plot.mapDatasetToRangeAxis(1, 1);
        plot.setRenderer(1, dashed);
        return chart;
    }

    /** A measured line: thick, with a marker at each size. */
    private static Charts.Line line(String name, List<ScalingRow> rows, ToDoubleFunction<ScalingRow> y, int color) {
        return new Charts.Line(name, workers(rows), rows.stream().mapToDouble(y).toArray(), Charts.color(color), 2f,
                true, true);
    }

    private static double[] workers(List<ScalingRow> rows) {
        return rows.stream().mapToDouble(ScalingRow::workers).toArray();
    }

    private static List<ScalingMode> modes(List<ScalingRow> rows) {
        return rows.stream().map(ScalingRow::mode).distinct().toList();
    }

    /** {@code mode}'s rows, by worker count. */
    private static List<ScalingRow> of(List<ScalingRow> rows, ScalingMode mode) {
        return rows.stream().filter(r -> r.mode() == mode)
                .sorted((a, b) -> Integer.compare(a.workers(), b.workers())).toList();
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
