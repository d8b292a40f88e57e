package critdamp.run;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.base.Json;
import org.junit.jupiter.api.Test;

/** rounds.jsonl lines: the round-time split round-trips, and lines written before it existed still read. */
class RoundRecordTest {
    @Test
    void theSplitRoundTripsAndOldLinesReadAsNaN() throws Exception {
        RoundRecord r = new RoundRecord(1, 2, 3, 40, 0.05, 0.55, 1.9, 640, 2.0, 320, 50, 1.2, 4096, 0.3, 0.25);
        String line = Json.writeLine(r);
        assertThat(line).contains("\"broadcastSeconds\":0.3", "\"aggregateSeconds\":0.25")
                .doesNotContain("otherSeconds");
        assertThat(Json.mapper().readValue(line, RoundRecord.class)).isEqualTo(r);
        assertThat(r.otherSeconds()).isEqualTo(2.0 - 1.2 - 0.3 - 0.25);

        String old = "{\"epoch\":0,\"round\":1,\"globalRound\":2,\"step\":10,\"alpha\":0.05,\"mu\":0.55,\"loss\":2.1,"
                + "\"images\":640,\"seconds\":2.5,\"imagesPerSecond\":256.0,\"wallSeconds\":5.0,"
                + "\"computeSeconds\":\"NaN\",\"bytesMoved\":1000}";
        RoundRecord read = Json.mapper().readValue(old, RoundRecord.class);
        assertThat(read.broadcastSeconds()).isNaN();
        assertThat(read.aggregateSeconds()).isNaN();
        assertThat(read.otherSeconds()).isNaN();
        assertThat(read).isEqualTo(new RoundRecord(0, 1, 2, 10, 0.05, 0.55, 2.1, 640, 2.5, 256, 5, Double.NaN, 1000));
    }
}
