package critdamp.base;

import critdamp.optim.OptimizerKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnumChoiceTest {
    @Test
    void parsesFileNamesCaseAndDashInsensitive() {
        assertThat(EnumChoice.parse(OptimizerKind.class, "Heavy-Ball", "f")).isEqualTo(OptimizerKind.HEAVY_BALL);
        assertThat(EnumChoice.nameOf(OptimizerKind.HEAVY_BALL)).isEqualTo("heavy_ball");
    }

    @Test
    void farOffValueGetsNoSuggestionButTheList() {
        assertThatThrownBy(() -> EnumChoice.parse(OptimizerKind.class, "lbfgs", "optimizer.kind"))
                .hasMessageContaining("optimizer.kind: unknown value 'lbfgs'")
                .hasMessageNotContaining("did you mean")
                .hasMessageContaining("heavy_ball, nesterov, adam");
    }

    @Test
    void editDistanceClosedForm() {
        assertThat(NearestName.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(NearestName.distance("", "abc")).isEqualTo(3);
        assertThat(NearestName.distance("adam", "adam")).isZero();
    }
}
