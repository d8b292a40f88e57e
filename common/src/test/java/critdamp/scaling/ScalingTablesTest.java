package critdamp.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import critdamp.base.Json;
import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import critdamp.run.EpochRecord;
import critdamp.run.RoundRecord;
import critdamp.run.RunFolder;
import critdamp.run.RunMetrics;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A row measured from a run's rounds and epochs (the first round left out, medians, time to target), efficiency
 * against the mode's smallest size, and the three table files with the agreed field names.
 */
class ScalingTablesTest {
    /** The JSONL row's fields, in order, as the cost model reads them. */
    static final List<String> FIELDS = List.of("mode", "workers", "perWorkerBatch", "globalBatch",
            "averagingFrequency", "learningRate", "rounds", "imagesPerSecond", "efficiency", "roundSeconds",
            "computeSeconds", "broadcastSeconds", "aggregateSeconds", "otherSeconds", "bytesPerRound", "paramCount",
            "timeToTargetSeconds", "targetAccuracy", "finalTestAccuracy", "wallSeconds", "master", "oversubscribed");

    @TempDir
    Path tmp;

    private static final TrainConfig BASE = ConfigLoader.parse(String.join("\n",
            "learningRate: {kind: cosine, baseLr: 0.05}", "momentum: {kind: physics}",
            "training: {batchSize: 16, targetAccuracies: [0.3]}"), List.of(), TrainConfig.class);

    /** A run of {@code rounds} rounds of {@code images} images taking {@code seconds} each after a slow first one. */
    private static RunMetrics run(int rounds, long images, double seconds, double... testAccuracy) {
        List<RoundRecord> r = new ArrayList<>();
        r.add(new RoundRecord(0, 0, 1, 0, 0.05, 0.5, 2.3, images, 10.0, images / 10.0, 10, 9.0, 1000L, 0.5, 0.4));
        for (int i = 1; i < rounds; i++) {
            // compute 0.6 s, broadcast 0.1 + i/100, aggregation 0.2: each round's "other" is the rest
            r.add(new RoundRecord(0, i, i + 1, 2L * i, 0.05, 0.5, 2.0, images, seconds + i / 100.0, images / seconds,
                    10 + i * seconds, 0.6, 1000L, 0.1 + i / 100.0, 0.2));
        }
        List<EpochRecord> e = new ArrayList<>();
        for (int k = 0; k < testAccuracy.length; k++) {
            e.add(new EpochRecord(k + 1, 10L * (k + 1), 0.05, 0.5, 2, Double.NaN, testAccuracy[k], 2, 30.0 * (k + 1),
                    100));
        }
        return new RunMetrics(null, null, e, r, List.of(0.3));
    }

    private static ScalingPoint point(ScalingMode mode, int workers) {
        return new ScalingPoint(mode, workers, 16, 16 * workers, 0.05, ScalingMaster.of("local[{N}]", workers),
                ScalingPoint.name(mode, workers));
    }

    @Test
    void aRowLeavesOutTheFirstRoundAndTakesMedians() {
        // rounds 1..4 after the warm-up: seconds 1.01, 1.02, 1.03, 1.04; broadcast 0.11 .. 0.14
        ScalingRow row = ScalingRow.measure(point(ScalingMode.WEAK, 2), run(5, 32, 1.0, 0.2, 0.35), 2, 12345L, 0.3,
                2);
        assertThat(row.rounds()).isEqualTo(5);
        assertThat(row.imagesPerSecond()).isCloseTo(4 * 32 / (1.01 + 1.02 + 1.03 + 1.04), within(1e-9));
        assertThat(row.roundSeconds()).isCloseTo(1.025, within(1e-9));
        assertThat(row.computeSeconds()).isCloseTo(0.6, within(1e-12));
        assertThat(row.broadcastSeconds()).isCloseTo(0.125, within(1e-9));
        assertThat(row.aggregateSeconds()).isCloseTo(0.2, within(1e-12));
        assertThat(row.otherSeconds()).as("each round's seconds less the three parts: 1.0 - 0.6 - 0.1 - 0.2")
                .isCloseTo(0.1, within(1e-9));
        assertThat(row.timeToTargetSeconds()).as("0.35 >= 0.3 after epoch 2").isEqualTo(60.0);
        assertThat(row.finalTestAccuracy()).isEqualTo(0.35);
        assertThat(row.wallSeconds()).isEqualTo(60.0);
        assertThat(row.bytesPerRound()).isEqualTo(1000L);
        assertThat(row.paramCount()).isEqualTo(12345L);
        assertThat(row.master()).isEqualTo("local[2]");
        assertThat(row.oversubscribed()).isFalse();
        assertThat(ScalingRow.measure(point(ScalingMode.WEAK, 2), run(3, 32, 1.0, 0.2), 2, 1, 0.3, 2)
                .timeToTargetSeconds()).as("never reached").isNaN();
    }

    @Test
    void efficiencyIsThroughputPerWorkerAgainstTheModesSmallestSize() {
        List<ScalingRow> rows = ScalingTables.withEfficiency(List.of(
                ScalingRow.measure(point(ScalingMode.STRONG, 1), run(4, 16, 0.1, 0.4), 2, 1, 0.3, 2),
                ScalingRow.measure(point(ScalingMode.STRONG, 2), run(4, 16, 0.08, 0.4), 2, 1, 0.3, 2),
                ScalingRow.measure(point(ScalingMode.WEAK, 2), run(4, 32, 0.1, 0.4), 2, 1, 0.3, 2),
                ScalingRow.measure(point(ScalingMode.WEAK, 4), run(4, 64, 0.3, 0.4), 2, 1, 0.3, 2)));
        for (ScalingRow r : rows) {
            ScalingRow base = rows.stream().filter(b -> b.mode() == r.mode()).findFirst().orElseThrow();
            assertThat(r.efficiency()).isCloseTo(r.imagesPerSecond() / (r.workers() / (double) base.workers()
                    * base.imagesPerSecond()), within(1e-12));
        }
        assertThat(rows.get(0).efficiency()).isEqualTo(1.0);
        assertThat(rows.get(2).efficiency()).as("weak's smallest size is 2").isEqualTo(1.0);
        assertThat(rows.get(1).efficiency()).isBetween(0.5, 0.7);
    }

    @Test
    void theTablesCarryEveryFieldUnderItsAgreedName() throws Exception {
        List<ScalingRow> rows = ScalingTables.withEfficiency(List.of(
                ScalingRow.measure(point(ScalingMode.STRONG, 1), run(3, 16, 0.1, 0.4), 2, 7, 0.3, 2),
                ScalingRow.measure(new ScalingPoint(ScalingMode.STRONG, 4, 4, 16, 0.05,
                        ScalingMaster.of("local-cluster[{N},1,1536]", 4), "strong-w4"), run(3, 16, 0.1, 0.2), 2, 7,
                        0.3, 2)));
        RunFolder study = RunFolder.open(new Configuration(), tmp.toString(), "study", false);
        ScalingTables.write(study, rows, List.of("# Scaling study test"), List.of("- a note"));

        List<String> jsonl = Files.readAllLines(tmp.resolve("study/" + ScalingTables.JSONL));
        assertThat(jsonl).hasSize(2);
        JsonNode first = Json.mapper().readTree(jsonl.get(1));
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = first.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        assertThat(names).isEqualTo(FIELDS);
        assertThat(first.get("mode").asText()).isEqualTo("strong");
        assertThat(first.get("oversubscribed").asBoolean()).isTrue();
        assertThat(first.get("master").asText()).isEqualTo("local-cluster[4,1,1536]");
        assertThat(Json.mapper().readValue(jsonl.get(1), ScalingRow.class)).as("reads back")
                .isEqualTo(rows.get(1));

        List<String> csv = Files.readAllLines(tmp.resolve("study/" + ScalingTables.CSV));
        assertThat(csv.get(0)).isEqualTo(String.join(",", FIELDS));
        assertThat(csv.get(2)).startsWith("strong,4,4,16,2,0.05,3,").contains(",,0.3,0.2,")
                .as("NaN time to target: empty cell; the master quoted").contains("\"local-cluster[4,1,1536]\",true");

        String md = Files.readString(tmp.resolve("study/" + ScalingTables.MARKDOWN));
        assertThat(md).startsWith("# Scaling study test\n\n| mode | workers |").contains("\n- a note\n");
        assertThat(md).contains("| strong | 4 | 4 | 16 | 0.05 | 3 | 139.1 | 0.25 |");
    }
}
