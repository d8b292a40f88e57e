package critdamp.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.imageio.ImageIO;

import critdamp.schedule.LearningRateKind;
import critdamp.schedule.LearningRateSchedule;
import critdamp.schedule.LearningRateSpec;
import critdamp.schedule.MomentumKind;
import critdamp.schedule.MomentumSchedule;
import critdamp.schedule.MomentumSpec;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleChartTest {
    private static final LearningRateSchedule LR = LearningRateSpec.of(LearningRateKind.WARMUP_COSINE, 0.1)
            .build(10_000);

    private static Map<String, MomentumSchedule> momenta() {
        Map<String, MomentumSchedule> m = new LinkedHashMap<>();
        m.put("physics", MomentumSpec.of(MomentumKind.PHYSICS).build(LR));
        m.put("hybrid", MomentumSpec.of(MomentumKind.HYBRID).build(LR));
        m.put("constant 0.9", MomentumSpec.of(MomentumKind.CONSTANT).build(LR));
        return m;
    }

    @Test
    void twoStackedPlotsSampledAtMost2000Points() {
        JFreeChart chart = ScheduleChart.create("schedules", LR, momenta());
        CombinedDomainXYPlot plot = (CombinedDomainXYPlot) chart.getXYPlot();
        assertThat(plot.getSubplots()).hasSize(2);
        XYPlot alpha = (XYPlot) plot.getSubplots().get(0);
        XYPlot mu = (XYPlot) plot.getSubplots().get(1);
        assertThat(alpha.getDataset().getSeriesCount()).isEqualTo(1);
        assertThat(alpha.getDataset().getItemCount(0)).isEqualTo(ScheduleChart.MAX_POINTS);
        assertThat(alpha.getDataset().getXValue(0, 0)).isZero();
        assertThat(alpha.getDataset().getXValue(0, ScheduleChart.MAX_POINTS - 1)).isEqualTo(9_999);
        assertThat(alpha.getDataset().getYValue(0, 0)).isEqualTo(LR.alpha(0));
        assertThat(mu.getDataset().getSeriesCount()).isEqualTo(3);
        assertThat(mu.getDataset().getSeriesKey(1)).isEqualTo("hybrid");
        assertThat(ScheduleChart.sampleSteps(50)).hasSize(50).startsWith(0L).endsWith(49L);
    }

    @Test
    void writesAPngOfTheRequestedSizeAtomically(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sub/schedules.png");
        ScheduleChart.writePng(out, "warmup cosine, alpha = 0.1", LR, momenta());
        BufferedImage image = ImageIO.read(out.toFile());
        assertThat(image.getWidth()).isEqualTo(ScheduleChart.DEFAULT_WIDTH);
        assertThat(image.getHeight()).isEqualTo(ScheduleChart.DEFAULT_HEIGHT);
        assertThat(Files.size(out)).isGreaterThan(10_000);
        ScheduleChart.writePng(out, "again", LR, momenta(), 640, 480); // replaces
        BufferedImage second = ImageIO.read(out.toFile());
        assertThat(second.getWidth()).isEqualTo(640);
        assertThat(second.getHeight()).isEqualTo(480);
        long distinctColours = second.getRGB(0, 0, 640, 480, null, 0, 640).length == 0 ? 0
                : java.util.Arrays.stream(second.getRGB(0, 0, 640, 480, null, 0, 640)).distinct().count();
        assertThat(distinctColours).isGreaterThan(5); // not a blank image
        try (var files = Files.list(out.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("schedules.png");
        }
    }
}
