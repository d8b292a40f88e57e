package critdamp.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The broadcast's bytes: the driver's first wave of one piece per executor, then the rest peer to peer. */
class TorrentBroadcastTest {
    private static final TorrentBroadcast SPARK = new TorrentBroadcast(TorrentBroadcast.DEFAULT_BLOCK_BYTES);

    @Test
    void aOnePieceValueIsSentByTheDriverToEveryExecutor() {
        double smallCnn = 4.0 * (141_674 + 141_034); // 1.13 MB < 4 MiB
        for (int n : new int[] {1, 2, 16, 64}) {
            assertThat(SPARK.driverBytes(n, smallCnn)).isCloseTo(n * smallCnn, within(1e-6));
            assertThat(SPARK.criticalPathBytes(n, smallCnn)).isCloseTo(n * smallCnn, within(1e-6));
        }
    }

    @Test
    void aManyPieceValueCostsTheDriverOnePiecePerExecutor() {
        double block = TorrentBroadcast.DEFAULT_BLOCK_BYTES;
        double value = 10 * block;
        assertThat(SPARK.driverBytes(64, value)).isCloseTo(64 * block, within(1e-6));
        assertThat(SPARK.criticalPathBytes(64, value)).isCloseTo(64 * block + 9 * block, within(1e-6));
        assertThat(SPARK.criticalPathBytes(1, value)).as("one executor gets exactly one copy")
                .isCloseTo(value, within(1e-6));
    }
}
