package critdamp.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import java.util.Random;

/** The non-negative least-squares line. */
class LineFitTest {
    @Test
    void recoversAnExactLine() {
        LineFit f = LineFit.nonNegative(new double[] {1, 2, 3, 4}, new double[] {0.7, 0.9, 1.1, 1.3});
        assertThat(f.intercept()).isCloseTo(0.5, within(1e-12));
        assertThat(f.slope()).isCloseTo(0.2, within(1e-12));
        assertThat(f.rmsResidual()).isCloseTo(0, within(1e-12));
        assertThat(f.at(10)).isCloseTo(2.5, within(1e-12));
    }

    @Test
    void recoversALineThroughNoise() {
        Random random = new Random(7);
        double[] x = new double[40];
        double[] y = new double[40];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1 + i % 4;
            y[i] = 0.15 + 0.03 * x[i] + 0.002 * random.nextGaussian();
        }
        LineFit f = LineFit.nonNegative(x, y);
        assertThat(f.intercept()).isCloseTo(0.15, within(0.003));
        assertThat(f.slope()).isCloseTo(0.03, within(0.001));
        assertThat(f.rmsResidual()).isCloseTo(0.002, within(0.001));
    }

    @Test
    void aFallingLineBecomesTheMeanAndANegativeInterceptGoesThroughTheOrigin() {
        LineFit falling = LineFit.nonNegative(new double[] {1, 2, 3}, new double[] {3, 2, 1});
        assertThat(falling.slope()).isZero();
        assertThat(falling.intercept()).isCloseTo(2, within(1e-12));
        // y = -1 + 2x unconstrained; through the origin: slope = sum xy / sum xx = (1 + 6 + 15) / 14
        LineFit steep = LineFit.nonNegative(new double[] {1, 2, 3}, new double[] {1, 3, 5});
        assertThat(steep.intercept()).isZero();
        assertThat(steep.slope()).isCloseTo(22.0 / 14, within(1e-12));
    }

    @Test
    void needsTwoDistinctX() {
        assertThatThrownBy(() -> LineFit.nonNegative(new double[] {2, 2}, new double[] {1, 3}))
                .hasMessageStartingWith("a line fit needs points at two or more distinct x");
    }
}
