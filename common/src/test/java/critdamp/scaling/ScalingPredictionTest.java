package critdamp.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/** The write-up: which coefficients predict, and a table row worked by hand. */
class ScalingPredictionTest {
    private static ScalingAssumptions withFitMode(String mode) {
        ScalingAssumptions d = ScalingAssumptions.defaults();
        return new ScalingAssumptions(d.models(), d.perWorkerBatch(), d.averagingFrequencies(), d.bandwidthsGbps(),
                d.nodes(), d.latencySeconds(), d.traffic(), d.targetEfficiency(), mode, d.assumed());
    }

    private static String section(String markdown, String heading) {
        int start = markdown.indexOf(heading);
        assertThat(start).as(heading).isNotNegative();
        int end = markdown.indexOf("\n### ", start + heading.length());
        return markdown.substring(start, end < 0 ? markdown.length() : end);
    }

    @Test
    void withoutMeasurementsItPredictsFromLabelledAssumedCoefficients() {
        String md = ScalingPrediction.render(List.of(), ScalingAssumptions.defaults());
        assertThat(md).contains("## Predictions (coefficients: ASSUMED, not fitted").doesNotContain("## Measured");
        // small CNN at 100 Gb/s, one node: step 64 / 267 s; overhead 0.15 s + 2 copies of 1,130,832 bytes at
        // 8e-11 s per byte + 2 x 50 us = 0.150281 s; E = f step / (f step + overhead) = 0.61, 0.89, 0.97;
        // smallest f for 0.8: ceil(4 x 0.150281 / 0.23970) = 3; the driver's link: 1.81e-4 s
        assertThat(section(md, "### small CNN, 100 Gb/s"))
                .contains("| 1 | 0.61 | 0.89 | 0.97 | 1.00 | 1.00 | 1.00 | 0.000181 | 3 |");
        assertThat(md).contains("### Summary").contains("| ResNet-18 | 10 Gb/s |");
    }

    @Test
    void predictsFromTheExecutorJvmModeUnlessToldOtherwise() {
        List<ScalingRow> rows = new ArrayList<>(SyntheticRows.rows("strong", "local[4]", 4, 1000, 0, 1));
        rows.addAll(SyntheticRows.rows("weak", "local-cluster[4,1,2048]", 4, 1000, 0, 2));
        ScalingAssumptions defaults = ScalingAssumptions.defaults();
        assertThat(ScalingPrediction.coefficients(ScalingPrediction.fits(rows, defaults), defaults).source())
                .isEqualTo("fitted to 4 rows of mode weak");
        String md = ScalingPrediction.render(rows, withFitMode("strong"));
        assertThat(md).contains("## Measured", "## Fit: mode strong (local[4]), 4 rows",
                "## Fit: mode weak (local-cluster[4,1,2048]), 4 rows", "Held out",
                "## Predictions (coefficients: fitted to 4 rows of mode strong)");
        assertThatThrownBy(() -> ScalingPrediction.render(rows, withFitMode("gpu")))
                .hasMessage("no measured rows of mode 'gpu'; modes: [strong, weak]");
    }
}
