package critdamp.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import critdamp.base.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The fit recovers the coefficients the rows were generated with, and checks itself on a held-out worker count. */
class ModeFitTest {
    private static final String CLUSTER = "local-cluster[4,1,2048]";

    @Test
    void recoversExactCoefficientsFromOneModelOnOneToFourWorkers() {
        // one model: bytes grow exactly with workers here, yet the parts keep per-byte and per-worker costs apart
        ModeFit f = ModeFit.fit(SyntheticRows.rows("weak", CLUSTER, 4, SyntheticRows.SMALL_CNN_VALUES, 0, 1),
                AveragingTraffic.DEFAULT);
        OverheadCoefficients k = f.coefficients();
        assertThat(k.fixedSeconds()).isCloseTo(SyntheticRows.COMMUNICATION_INTERCEPT + SyntheticRows.OTHER_INTERCEPT,
                within(1e-9));
        assertThat(k.perWorkerSeconds()).isCloseTo(SyntheticRows.PER_WORKER, within(1e-12));
        assertThat(k.secondsPerByte()).isCloseTo(SyntheticRows.SECONDS_PER_BYTE, within(1e-15));
        assertThat(k.source()).isEqualTo("fitted to 4 rows of mode weak");
        assertThat(f.checks()).allSatisfy(c -> assertThat(c.relativeError()).isCloseTo(0, within(1e-9)));
        assertThat(f.heldOut()).singleElement().satisfies(c -> {
            assertThat(c.workers()).isEqualTo(4);
            assertThat(c.relativeError()).isCloseTo(0, within(1e-9));
        });
    }

    @Test
    void recoversCoefficientsThroughOnePercentNoiseOnTwoModels() {
        List<ScalingRow> rows = new ArrayList<>();
        for (int seed = 1; seed <= 3; seed++) {
            rows.addAll(SyntheticRows.rows("weak", CLUSTER, 4, SyntheticRows.SMALL_CNN_VALUES, 0.01, seed));
            rows.addAll(SyntheticRows.rows("weak", CLUSTER, 2, 22_357_524, 0.01, 10 + seed));
        }
        OverheadCoefficients k = ModeFit.fit(rows, AveragingTraffic.DEFAULT).coefficients();
        assertThat(k.secondsPerByte()).isCloseTo(SyntheticRows.SECONDS_PER_BYTE, within(0.05 * 3e-9));
        assertThat(k.perWorkerSeconds()).isCloseTo(SyntheticRows.PER_WORKER, within(0.005));
        assertThat(k.fixedSeconds()).isCloseTo(0.15, within(0.03));
    }

    @Test
    void fitsEachModeApartInTheOrderTheyAppear() {
        List<ScalingRow> rows = new ArrayList<>(SyntheticRows.rows("strong", "local[4]", 3, 1000, 0, 1));
        rows.addAll(SyntheticRows.rows("weak", CLUSTER, 3, 1000, 0, 1));
        assertThat(ModeFit.fitAll(rows, AveragingTraffic.DEFAULT)).extracting(ModeFit::mode, ModeFit::rows)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("strong", 3),
                        org.assertj.core.groups.Tuple.tuple("weak", 3));
    }

    @Test
    void aRowWithoutATimingIsRejectedByName() {
        ScalingRow r = SyntheticRows.row("weak", CLUSTER, 2, 1000, 1.0, 0.1, 0.1, 0.1);
        ScalingRow untimed = new ScalingRow(r.mode(), 3, 64, 192, 5, 0.05, 30, 300, Double.NaN, 1.5, 1.0, Double.NaN, 0.1, 0.1,
                24_000, 500, Double.NaN, Double.NaN, Double.NaN, 60, CLUSTER, true);
        assertThatThrownBy(() -> ModeFit.fit(List.of(r, untimed), AveragingTraffic.DEFAULT))
                .hasMessage("scaling row (mode weak, 3 workers): broadcastSeconds = NaN: the cost model needs "
                        + "every round timing measured");
        assertThatThrownBy(() -> ModeFit.fit(List.of(r), AveragingTraffic.DEFAULT))
                .hasMessageStartingWith("a line fit needs points at two or more distinct x");
    }

    @Test
    void rowsRoundTripThroughJsonLines(@TempDir Path dir) throws Exception {
        List<ScalingRow> rows = SyntheticRows.rows("weak", CLUSTER, 3, 1000, 0, 1);
        Path file = dir.resolve("scaling.jsonl");
        Files.writeString(file, rows.stream().map(Json::writeLine).collect(Collectors.joining("\n", "", "\n\n")));
        assertThat(ScalingRow.readJsonl(file)).isEqualTo(rows);
        assertThat(rows.get(1).payloadBytes()).isEqualTo(4000.0);
        Files.writeString(file, "{\"mode\": \"cluster\", \"workers\": 2, \"typo\": 1}\n");
        assertThatThrownBy(() -> ScalingRow.readJsonl(file)).hasMessageContaining("scaling.jsonl:1: mode: unknown "
                + "value 'cluster'");
        Files.writeString(file, "{\"mode\": \"weak\", \"workers\": 2, \"typo\": 1}\n");
        assertThatThrownBy(() -> ScalingRow.readJsonl(file)).hasMessageContaining("scaling.jsonl:1: not a valid "
                + "ScalingRow");
    }
}
