package critdamp.report;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.scaling.ScalingMode;
import critdamp.scaling.ScalingRow;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;

/** The scaling plot: one PNG of the four panels, also with a size whose figures are missing. */
class ScalingChartTest {
    private static ScalingRow row(ScalingMode mode, int workers, double ips, double toTarget) {
        return new ScalingRow(mode, workers, 64 / workers, 64, 5, 0.05, 20, ips, ips / (workers * 200.0), 1.5, 1.0,
                0.1, 0.2, 0.2, 4000L * workers, 140000, toTarget, 0.3, 0.41, 90, "local[" + workers + "]", workers > 2);
    }

    @Test
    void fourPanelsInOnePng() throws Exception {
        byte[] png = ScalingChart.png("study", List.of(row(ScalingMode.STRONG, 1, 200, 40),
                row(ScalingMode.STRONG, 2, 300, 35), row(ScalingMode.WEAK, 2, 330, Double.NaN),
                row(ScalingMode.WEAK, 4, 380, 50)));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(2 * ScalingChart.PANEL_WIDTH);
        assertThat(image.getHeight()).isEqualTo(2 * ScalingChart.PANEL_HEIGHT);
        // every panel drew something: its quadrant is not one flat colour
        for (int q = 0; q < 4; q++) {
            int x0 = (q % 2) * ScalingChart.PANEL_WIDTH;
            int y0 = (q / 2) * ScalingChart.PANEL_HEIGHT;
            long colours = java.util.stream.IntStream.range(0, 200)
                    .map(i -> image.getRGB(x0 + 100 + i * 2, y0 + 100 + i)).distinct().count();
            assertThat(colours).as("panel " + q).isGreaterThan(1);
        }
    }
}
