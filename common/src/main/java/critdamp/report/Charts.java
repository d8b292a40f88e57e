package critdamp.report;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Line charts for the HTML reports, drawn headless and encoded as PNG bytes (written atomically by the callers). */
final class Charts {
    static final Color[] PALETTE = {new Color(0x1F, 0x77, 0xB4), new Color(0xD6, 0x27, 0x28),
            new Color(0x2C, 0xA0, 0x2C), new Color(0xFF, 0x7F, 0x0E), new Color(0x94, 0x67, 0xBD),
            new Color(0x8C, 0x56, 0x4B), new Color(0xE3, 0x77, 0xC2), new Color(0x7F, 0x7F, 0x7F),
            new Color(0xBC, 0xBD, 0x22), new Color(0x17, 0xBE, 0xCF)};
    static final int WIDTH = 900;
    static final int HEIGHT = 480;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Charts() {
    }

    /**
     * One line of a chart. Non-finite points are left out.
     *
     * @param inLegend false for the thin per-seed lines that share a legend entry with their group's mean
     */
    record Line(String name, double[] x, double[] y, Color color, float width, boolean inLegend, boolean shapes) {
    }

    static Color color(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    /**
     * The y axis of a chart. No axis is cut to the data's range (which makes a dip look like a collapse): accuracy
     * spans 0..1, everything else starts at 0 (or below, for negative data).
     */
    enum YAxis {
        /** Accuracy: fixed 0..1. */
        ACCURACY,
        /** Loss, learning rate, momentum: from 0 to a little above the data. */
        FROM_ZERO
    }

    /** A line plot with white background and grid lines. */
    static JFreeChart lines(String title, String xLabel, String yLabel, List<Line> lines, YAxis yAxis) {
        XYPlot plot = plot(xLabel, yLabel, lines, yAxis);
        boolean legend = lines.stream().filter(Line::inLegend).count() > 1;
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    static XYPlot plot(String xLabel, String yLabel, List<Line> lines, YAxis yAxis) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        int i = 0;
        for (Line l : lines) {
            XYSeries s = new XYSeries(l.name() + (data.getSeriesIndex(l.name()) >= 0 ? " #" + i : ""), false, true);
            for (int k = 0; k < Math.min(l.x().length, l.y().length); k++) {
                if (Double.isFinite(l.x()[k]) && Double.isFinite(l.y()[k])) {
                    s.add(l.x()[k], l.y()[k]);
                }
            }
            data.addSeries(s);
            renderer.setSeriesPaint(i, l.color());
            renderer.setSeriesStroke(i, new BasicStroke(l.width()));
            renderer.setSeriesVisibleInLegend(i, l.inLegend());
            renderer.setSeriesShapesVisible(i, l.shapes());
            i++;
        }
        NumberAxis x = new NumberAxis(xLabel);
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis(yLabel);
        if (yAxis == YAxis.ACCURACY) {
            y.setRange(0, 1);
            y.setAutoRange(false);
        } else {
            y.setAutoRangeIncludesZero(true);
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }

    /** Whole-number ticks on the x axis (epochs, rounds). */
    static JFreeChart integerX(JFreeChart chart) {
        ((XYPlot) chart.getPlot()).getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return chart;
    }

    /** The chart as PNG bytes. */
    static byte[] png(JFreeChart chart, int width, int height) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ChartUtils.writeChartAsPNG(out, chart, width, height);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode chart '" + chart.getTitle() + "' as PNG", e);
        }
    }
}
