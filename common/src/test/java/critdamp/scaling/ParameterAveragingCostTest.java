package critdamp.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The round-time model: closed forms at its limits, the crossover and the averaging-frequency bound, monotonicity. */
class ParameterAveragingCostTest {
    private static final OverheadCoefficients K = new OverheadCoefficients(0.2, 0.01, 2e-9, "test");
    private static final double ONE_PIECE = 1_000_000; // bytes: under the 4 MiB broadcast piece
    private static final Network TEN_GBPS = Network.gigabits(10, 50e-6);

    private static ParameterAveragingCost model(OverheadCoefficients k, Network net, int depth) {
        return new ParameterAveragingCost(k, net, new AveragingTraffic(
                new TorrentBroadcast(TorrentBroadcast.DEFAULT_BLOCK_BYTES), depth));
    }

    @Test
    void oneWorkerWithoutByteCostsIsComputePlusFixedCosts() {
        OverheadCoefficients free = new OverheadCoefficients(0.2, 0.01, 0, "test");
        ParameterAveragingCost m = model(free, Network.MEASURED, 2);
        assertThat(m.roundSeconds(1, ONE_PIECE, 1.5)).isCloseTo(1.5 + 0.2 + 0.01, within(1e-12));
    }

    @Test
    void oneWorkerMovesOneCopyEachWay() {
        ParameterAveragingCost m = model(K, TEN_GBPS, 2);
        double perByte = 2e-9 + 8 / 10e9;
        assertThat(m.secondsPerByte()).isCloseTo(perByte, within(1e-20));
        assertThat(m.roundSeconds(1, ONE_PIECE, 1.5))
                .isCloseTo(1.5 + 0.2 + 0.01 + 2 * ONE_PIECE * perByte + 2 * 50e-6, within(1e-12));
        assertThat(m.efficiency(1, ONE_PIECE, 1.5)).isCloseTo(1.5 / m.roundSeconds(1, ONE_PIECE, 1.5),
                within(1e-15));
    }

    @Test
    void sixtyFourWorkersAtDepthTwoPutEightyCopiesOnTheSlowestPath() {
        ParameterAveragingCost m = model(K, TEN_GBPS, 2);
        // broadcast: the driver sends all 64 copies of a one-piece value; aggregation: 8 partials, then 8 at the driver
        assertThat(m.traffic().criticalPathBytes(64, ONE_PIECE)).isCloseTo(80 * ONE_PIECE, within(1e-6));
        assertThat(m.traffic().driverBytes(64, ONE_PIECE)).isCloseTo(72 * ONE_PIECE, within(1e-6));
        assertThat(m.overheadSeconds(64, ONE_PIECE)).isCloseTo(0.2 + 0.64 + 80 * ONE_PIECE * m.secondsPerByte()
                + 3 * 50e-6, within(1e-12));
    }

    @Test
    void theDriverBecomesTheBottleneckWhereItsBytesOutlastCompute() {
        // depth 1, one piece: the driver sends N copies and receives N, so it is busier than compute from
        // N* = ceil(C / (2 P (beta + w)))
        ParameterAveragingCost m = model(K, TEN_GBPS, 1);
        double compute = 0.5;
        int expected = (int) Math.ceil(compute / (2 * ONE_PIECE * m.secondsPerByte()));
        assertThat(expected).isEqualTo(90);
        assertThat(m.driverBottleneck(ONE_PIECE, compute, 1000)).hasValue(expected);
        assertThat(m.driverSeconds(expected - 1, ONE_PIECE)).isLessThan(compute);
        assertThat(m.driverBottleneck(ONE_PIECE, compute, expected - 1)).isEmpty();
    }

    @Test
    void theSmallestAveragingFrequencyReachesTheTargetAndOneLessDoesNot() {
        ParameterAveragingCost m = model(K, TEN_GBPS, 2);
        double step = 0.24;
        for (int n : new int[] {1, 4, 16, 64}) {
            double overhead = m.overheadSeconds(n, ONE_PIECE);
            int f = m.minAveragingFrequency(n, ONE_PIECE, step, 0.8);
            assertThat(f).isEqualTo((int) Math.max(1, Math.ceil(4 * overhead / step)));
            assertThat(m.efficiency(n, ONE_PIECE, f * step)).isGreaterThanOrEqualTo(0.8);
            if (f > 1) {
                assertThat(m.efficiency(n, ONE_PIECE, (f - 1) * step)).isLessThan(0.8);
            }
        }
    }

    @Test
    void efficiencyFallsWithWorkersAndBytesAndRisesWithBandwidthAndFrequency() {
        for (int depth : new int[] {1, 2}) {
            ParameterAveragingCost m = model(K, TEN_GBPS, depth);
            for (int n = 2; n <= 256; n++) {
                assertThat(m.efficiency(n, ONE_PIECE, 1.0)).as("depth %d, %d workers", depth, n)
                        .isLessThanOrEqualTo(m.efficiency(n - 1, ONE_PIECE, 1.0));
            }
        }
        ParameterAveragingCost slow = model(K, TEN_GBPS, 2);
        ParameterAveragingCost fast = model(K, Network.gigabits(100, 50e-6), 2);
        for (int n : new int[] {1, 8, 64}) {
            assertThat(fast.efficiency(n, 50e6, 1.0)).isGreaterThan(slow.efficiency(n, 50e6, 1.0));
            assertThat(slow.efficiency(n, 50e6, 1.0)).isLessThan(slow.efficiency(n, 5e6, 1.0));
            assertThat(slow.efficiency(n, 50e6, 2.0)).isGreaterThan(slow.efficiency(n, 50e6, 1.0));
        }
    }
}
