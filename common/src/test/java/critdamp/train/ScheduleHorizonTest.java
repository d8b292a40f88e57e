package critdamp.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * A run extended past its schedules: every step up to their end keeps its own values, every later round trains at
 * the values of the schedules' last round; and the record of the extensions reads back as written.
 */
class ScheduleHorizonTest {
    /** 2 workers of 100 records, batch 16, 2 steps per round: rounds of 2, 2, 2 and 1 step, 7 steps per epoch. */
    private static final RoundPlan PLAN = new RoundPlan(new int[]{100, 100}, 16, 2);

    @Test
    void stepsUpToTheEndKeepTheirValuesAndLaterRoundsHoldTheLastRounds() {
        assertThat(PLAN.stepsPerEpoch()).isEqualTo(7);
        ScheduleHorizon horizon = ScheduleHorizon.of(PLAN, 3);

        assertThat(horizon.endStep()).isEqualTo(21);
        assertThat(horizon.lastRoundStep()).isEqualTo(20); // the last round of epoch 3 is 1 step long
        assertThat(horizon.scheduleStep(0)).isZero();
        assertThat(horizon.scheduleStep(20)).isEqualTo(20);
        assertThat(List.of(21L, 23L, 27L, 1000L)).allSatisfy(s -> assertThat(horizon.scheduleStep(s)).isEqualTo(20));
    }

    @Test
    void aRunNeverExtendedIsItsOwnHorizon() {
        ScheduleHorizon horizon = ScheduleHorizon.of(PLAN, 5);
        for (long s = 0; s < 35; s++) {
            assertThat(horizon.scheduleStep(s)).isEqualTo(s);
        }
    }

    @Test
    void extensionsReadBackAndKeepTheFirstLength() {
        RunExtensions twice = RunExtensions.none(3).plus(3, 5, "t1", "critdamp train -c a.yaml --resume "
                + "--extend-epochs 2").plus(5, 6, "t2", "c2");

        RunExtensions read = RunExtensions.parse(twice.toJson(), "extensions.json");

        assertThat(read).isEqualTo(twice);
        assertThat(read.scheduleEpochs()).isEqualTo(3);
        assertThat(read.rule()).isEqualTo(RunExtensions.RULE);
        assertThat(read.extensions()).extracting(RunExtensions.Extension::toEpochs).containsExactly(5, 6);
    }

    @Test
    void anExtensionGoesForwardFromTheScheduleEnd() {
        assertThatThrownBy(() -> RunExtensions.none(3).plus(3, 3, "t", "c"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RunExtensions.none(3).plus(2, 4, "t", "c"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
