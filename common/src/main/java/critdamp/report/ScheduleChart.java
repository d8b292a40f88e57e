package critdamp.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import critdamp.schedule.LearningRateSchedule;
import critdamp.schedule.MomentumSchedule;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A run's schedules at a glance: alpha(t) on top and mu(t) of one or more momentum schedules below, sharing the step
 * axis, so one sees where physics momentum follows the learning rate, where it is clamped and where a hybrid
 * switches. Written as PNG without a display (headless).
 */
public final class ScheduleChart {
    /** At most this many steps are sampled per curve (evenly, first and last included). */
    public static final int MAX_POINTS = 2000;
    public static final int DEFAULT_WIDTH = 900;
    public static final int DEFAULT_HEIGHT = 700;
    private static final Color[] PALETTE = {new Color(0x1F, 0x77, 0xB4), new Color(0xD6, 0x27, 0x28),
            new Color(0x2C, 0xA0, 0x2C), new Color(0xFF, 0x7F, 0x0E), new Color(0x94, 0x67, 0xBD),
            new Color(0x8C, 0x56, 0x4B), new Color(0x17, 0xBE, 0xCF)};

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ScheduleChart() {
    }

    /** The chart: top plot alpha(t), bottom plot mu(t) per named schedule (legend = the names, in map order). */
    public static JFreeChart create(String title, LearningRateSchedule lr, Map<String, MomentumSchedule> momenta) {
        long[] steps = sampleSteps(lr.totalSteps());
        XYSeries alpha = new XYSeries("alpha", false, false);
        for (long t : steps) {
            alpha.add(t, lr.alpha(t));
        }
        XYSeriesCollection mu = new XYSeriesCollection();
        for (Map.Entry<String, MomentumSchedule> e : momenta.entrySet()) {
            XYSeries s = new XYSeries(e.getKey(), false, false);
            for (long t : steps) {
                s.add(t, e.getValue().mu(t));
            }
            mu.addSeries(s);
        }
        NumberAxis stepAxis = new NumberAxis("step t");
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(stepAxis);
        plot.setGap(10);
        plot.add(linePlot(new XYSeriesCollection(alpha), "learning rate alpha(t)", 0), 1);
        NumberAxis muAxis = new NumberAxis("momentum mu(t)");
        muAxis.setAutoRangeIncludesZero(false);
        XYPlot muPlot = linePlot(mu, null, 1);
        muPlot.setRangeAxis(muAxis);
        plot.add(muPlot, 1);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** Writes {@link #create the chart} as a {@value #DEFAULT_WIDTH} x {@value #DEFAULT_HEIGHT} PNG. */
    public static void writePng(Path out, String title, LearningRateSchedule lr, Map<String, MomentumSchedule> momenta) {
        writePng(out, title, lr, momenta, DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    /** Writes the chart as a PNG of {@code width} x {@code height}, atomically (temporary file, then rename). */
    public static void writePng(Path out, String title, LearningRateSchedule lr, Map<String, MomentumSchedule> momenta,
                                int width, int height) {
        if (width < 100 || height < 100) {
            throw new IllegalArgumentException("width x height = " + width + " x " + height
                    + ": each must be >= 100 pixels");
        }
        JFreeChart chart = create(title, lr, momenta);
        Path dir = out.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + out.getFileName(), ".tmp");
            try (OutputStream os = Files.newOutputStream(tmp)) {
                ChartUtils.writeChartAsPNG(os, chart, width, height);
            }
            try {
                Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write chart " + out, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the rename normally consumed it
                }
            }
        }
    }

    /** Steps 0..totalSteps-1, all of them if at most {@link #MAX_POINTS}, else that many evenly spaced. */
    static long[] sampleSteps(long totalSteps) {
        int n = (int) Math.max(1, Math.min(totalSteps, MAX_POINTS));
        long[] steps = new long[n];
        for (int i = 0; i < n; i++) {
            steps[i] = n == 1 ? 0 : Math.round((double) i * (totalSteps - 1) / (n - 1));
        }
        return steps;
    }

    private static XYPlot linePlot(XYSeriesCollection data, String yLabel, int paletteOffset) {
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            lines.setSeriesPaint(i, PALETTE[(i + paletteOffset) % PALETTE.length]);
            lines.setSeriesStroke(i, new BasicStroke(2f));
        }
        NumberAxis y = new NumberAxis(yLabel);
        XYPlot p = new XYPlot(data, null, y, lines);
        p.setBackgroundPaint(Color.WHITE);
        p.setRangeGridlinePaint(Color.LIGHT_GRAY);
        p.setDomainGridlinePaint(Color.LIGHT_GRAY);
        return p;
    }
}
