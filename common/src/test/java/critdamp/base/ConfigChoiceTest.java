package critdamp.base;

import com.fasterxml.jackson.databind.ObjectMapper;
import critdamp.optim.OptimizerKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigChoiceTest {
    record Holder(OptimizerKind kind, List<OptimizerKind> kinds) {
    }

    @Test
    void writesAndReadsTheFileName() throws Exception {
        assertThat(Json.writeLine(new Holder(OptimizerKind.HEAVY_BALL, List.of(OptimizerKind.ADAM))))
                .isEqualTo("{\"kind\":\"heavy_ball\",\"kinds\":[\"adam\"]}");
        assertThat(Json.read("\"Heavy-Ball\"", OptimizerKind.class, "test")).isEqualTo(OptimizerKind.HEAVY_BALL);
        assertThat(new ObjectMapper().readValue("{\"kind\": \"NESTEROV\", \"kinds\": null}", Holder.class))
                .as("any mapper, not only critdamp's").isEqualTo(new Holder(OptimizerKind.NESTEROV, null));
    }

    @Test
    void aMisspeltValueNamesItsKey() {
        assertThatThrownBy(() -> Json.read("{\"kinds\": [\"adam\", \"nesterv\"]}", Holder.class, "test"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("kinds[1]: unknown value 'nesterv'; did you mean 'nesterov'? (one of heavy_ball, "
                        + "nesterov, adam)");
        assertThatThrownBy(() -> new ObjectMapper().readValue("{\"kind\": {\"a\": 1}}", Holder.class))
                .hasRootCauseInstanceOf(ConfigException.class)
                .hasRootCauseMessage("kind: missing value; one of heavy_ball, nesterov, adam");
        assertThatThrownBy(() -> Json.read("\"lbfgs\"", OptimizerKind.class, "test"))
                .hasMessageStartingWith("OptimizerKind: unknown value 'lbfgs'");
    }
}
