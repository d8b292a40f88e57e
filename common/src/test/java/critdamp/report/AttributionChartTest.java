package critdamp.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import javax.imageio.ImageIO;

import critdamp.attribution.LayerAttribution;
import critdamp.attribution.LayerScore;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttributionChartTest {
    private static final LayerAttribution ATTRIBUTION = new LayerAttribution(4, 60, List.of(
            new LayerScore("conv1", 100, 0.1, 1, 1, 4, 0.25, 1),
            new LayerScore("fc", 800, 0.8, 8, 1, 4, 2.0, 8),
            new LayerScore("out", 100, 0.1, 2, 1, 4, Double.NaN, 2)));

    @Test
    void barsHoldTheScoresInNetworkOrder() {
        JFreeChart chart = AttributionChart.create(ATTRIBUTION, Set.of("fc"));
        CategoryPlot plot = chart.getCategoryPlot();
        assertThat(plot.getDataset().getColumnKeys()).containsExactly("conv1", "fc", "out");
        assertThat(plot.getDataset().getValue(AttributionChart.SERIES, "fc").doubleValue()).isEqualTo(2.0);
        assertThat(plot.getDataset().getValue(AttributionChart.SERIES, "out")).isNull();
        assertThat(plot.getRenderer().getItemPaint(0, 1)).isEqualTo(AttributionChart.FLAGGED);
        assertThat(plot.getRenderer().getItemPaint(0, 0)).isEqualTo(AttributionChart.OTHER);
    }

    @Test
    void writesAPngOfTheRequestedSizeWithTheFlaggedColourOnlyWhenFlagged(@TempDir Path dir) throws Exception {
        Path flagged = dir.resolve("flagged.png");
        Path none = dir.resolve("none.png");
        AttributionChart.writePng(ATTRIBUTION, Set.of("fc"), flagged, 640, 400);
        AttributionChart.writePng(ATTRIBUTION, Set.of(), none, 640, 400);
        BufferedImage image = ImageIO.read(flagged.toFile());
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(400);
        assertThat(pixels(image, AttributionChart.FLAGGED.getRGB())).isGreaterThan(500);
        assertThat(pixels(ImageIO.read(none.toFile()), AttributionChart.FLAGGED.getRGB())).isZero();
        assertThat(pixels(ImageIO.read(none.toFile()), AttributionChart.OTHER.getRGB())).isGreaterThan(500);
    }

    private static int pixels(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += (image.getRGB(x, y) | 0xFF000000) == (rgb | 0xFF000000) ? 1 : 0;
            }
        }
        return n;
    }
}
