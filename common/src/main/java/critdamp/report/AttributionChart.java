package critdamp.report;

import java.awt.Color;
import java.awt.Paint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

import critdamp.attribution.LayerAttribution;
import critdamp.attribution.LayerScore;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * A bar chart of the per-layer attribution score, one bar per layer in network order (input side left), flagged
 * layers highlighted; written as PNG without a display (headless).
 */
public final class AttributionChart {
    /** Bar colour of a flagged layer. */
    public static final Color FLAGGED = new Color(0xD6, 0x27, 0x28);
    /** Bar colour of any other layer. */
    public static final Color OTHER = new Color(0x1F, 0x77, 0xB4);
    static final String SERIES = "score";

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private AttributionChart() {
    }

    /** The chart: category = layer name, value = score (a NaN score leaves the bar out). */
    public static JFreeChart create(LayerAttribution attribution, Set<String> flagged) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (LayerScore s : attribution.layers()) {
            data.addValue(Double.isNaN(s.score()) ? null : s.score(), SERIES, s.name());
        }
        CategoryAxis x = new CategoryAxis("layer (network order)");
        x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        NumberAxis y = new NumberAxis("score = |G^M| / |theta|");
        BarRenderer bars = new BarRenderer() {
            private static final long serialVersionUID = 1L;

            @Override
            public Paint getItemPaint(int row, int column) {
                String layer = (String) getPlot().getDataset().getColumnKey(column);
                return flagged.contains(layer) ? FLAGGED : OTHER;
            }
        };
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        CategoryPlot plot = new CategoryPlot(data, x, y, bars);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        String title = String.format(Locale.ROOT, "Per-layer attribution (|M| = %d, |C| = %d, %d flagged)",
                attribution.misclassified(), attribution.correct(), flagged.size());
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** Writes {@link #create the chart} as a PNG of {@code width} x {@code height} pixels. */
    public static void writePng(LayerAttribution attribution, Set<String> flagged, Path file, int width, int height) {
        if (width < 100 || height < 100) {
            throw new IllegalArgumentException("width x height = " + width + " x " + height
                    + ": each must be >= 100 pixels");
        }
        try {
            ChartUtils.saveChartAsPNG(file.toFile(), create(attribution, flagged), width, height);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write chart " + file, e);
        }
    }
}
