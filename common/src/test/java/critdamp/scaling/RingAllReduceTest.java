package critdamp.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Ring all-reduce: 2 (N - 1) / N x P w + 2 (N - 1) lambda, bounded by 2 P w in bytes. */
class RingAllReduceTest {
    private static final Network NET = Network.gigabits(25, 10e-6);
    private static final double P = 44.7e6; // about ResNet-18's parameters in float32

    @Test
    void closedForms() {
        RingAllReduce ring = new RingAllReduce(NET);
        double w = 8 / 25e9;
        assertThat(ring.seconds(1, P)).isZero();
        assertThat(ring.seconds(2, P)).isCloseTo(P * w + 2 * 10e-6, within(1e-12));
        assertThat(ring.seconds(64, P)).isCloseTo(2 * 63 / 64.0 * P * w + 126 * 10e-6, within(1e-12));
        assertThat(ring.efficiency(64, P, 1.0)).isCloseTo(1 / (1 + ring.seconds(64, P)), within(1e-12));
    }

    @Test
    void itsBytesStayBoundedWhileTheDriversGrow() {
        RingAllReduce ring = new RingAllReduce(new Network("no latency", 8 / 25e9, 0));
        ParameterAveragingCost driver = new ParameterAveragingCost(new OverheadCoefficients(0, 0, 0, "wire only"),
                new Network("no latency", 8 / 25e9, 0), AveragingTraffic.DEFAULT);
        for (int n : new int[] {2, 8, 64, 512}) {
            assertThat(ring.seconds(n, P)).isLessThan(2 * P * 8 / 25e9);
        }
        assertThat(driver.overheadSeconds(64, P)).isGreaterThan(8 * ring.seconds(64, P));
    }
}
