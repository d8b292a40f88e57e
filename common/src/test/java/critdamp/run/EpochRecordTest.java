package critdamp.run;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.base.Json;
import org.junit.jupiter.api.Test;

/** The epoch record's JSON line and CSV row, with its time profile, and lines written before the profile existed. */
class EpochRecordTest {
    private static final EpochRecord RECORD = new EpochRecord(2, 700, 0.01, 0.8, 1.4, 0.52, 0.51, 1.45, 310.5, 240.0,
            new EpochTimes(280.0, 21.5, 240.25, 12.0, 3.5, 1.25));

    @Test
    void roundTripsThroughItsJsonLine() {
        assertThat(Json.read(Json.writeLine(RECORD), EpochRecord.class, "epochs.jsonl")).isEqualTo(RECORD);
    }

    @Test
    void aLineWrittenBeforeTimesWereKeptReadsWithUnknownTimes() {
        String old = "{\"epoch\":1,\"step\":29,\"alpha\":0.0023,\"mu\":0.90,\"trainLoss\":2.17,"
                + "\"validationAccuracy\":0.236,\"testAccuracy\":0.262,\"testLoss\":2.11,\"wallSeconds\":33.9,"
                + "\"imagesPerSecond\":226.2}";
        EpochRecord e = Json.read(old, EpochRecord.class, "epochs.jsonl");
        assertThat(e.testAccuracy()).isEqualTo(0.262);
        assertThat(e.times()).isEqualTo(EpochTimes.UNKNOWN);
        assertThat(e.times().rounds()).isNaN();
    }

    @Test
    void csvRowHasAValuePerHeaderColumn() {
        assertThat(RECORD.toCsv().split(",")).hasSameSizeAs(EpochRecord.CSV_HEADER.split(","));
        assertThat(EpochRecord.CSV_HEADER).endsWith("evaluation_seconds,write_seconds,gc_seconds");
        assertThat(RECORD.toCsv()).endsWith(",280.0,21.5,240.25,12.0,3.5,1.25");
    }
}
