package critdamp.train;

import critdamp.base.ConfigException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoundPlanTest {
    @Test
    void everyRecordIsTrainedExactlyOncePerEpochIncludingTheRemainder() {
        int[] blocks = {1000, 1003, 999};
        RoundPlan plan = new RoundPlan(blocks, 32, 5); // 160 records per worker-round
        assertThat(plan.roundsPerEpoch()).isEqualTo(7); // ceil(1003/160)
        for (int w = 0; w < blocks.length; w++) {
            int covered = 0;
            int expectedFrom = 0;
            for (int r = 0; r < plan.roundsPerEpoch(); r++) {
                assertThat(plan.from(w, r)).isEqualTo(expectedFrom);
                covered += plan.to(w, r) - plan.from(w, r);
                expectedFrom = plan.to(w, r);
            }
            assertThat(covered).isEqualTo(blocks[w]);
        }
        long sum = 0;
        for (int r = 0; r < plan.roundsPerEpoch(); r++) {
            sum += plan.recordsInRound(r);
        }
        assertThat(sum).isEqualTo(plan.recordsPerEpoch()).isEqualTo(3002);
    }

    @Test
    void stepsCountTheLongestWorkerAndPartialBatches() {
        RoundPlan plan = new RoundPlan(new int[]{1000, 1003}, 32, 5);
        assertThat(plan.stepsInRound(0)).isEqualTo(5);
        // last round: worker 0 has 1000-960=40 records (2 batches), worker 1 has 43 (2 batches)
        assertThat(plan.batchesInRound(0, 6)).isEqualTo(2);
        assertThat(plan.stepsInRound(6)).isEqualTo(2);
        assertThat(plan.stepsPerEpoch()).isEqualTo(6 * 5 + 2);
    }

    @Test
    void batchLargerThanAPartitionIsAConfigError() {
        assertThatThrownBy(() -> new RoundPlan(new int[]{100, 20}, 32, 5))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("training.batchSize = 32").hasMessageContaining("20 records");
    }
}
