package critdamp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import critdamp.attribution.SelectionKind;
import critdamp.base.ConfigException;
import org.junit.jupiter.api.Test;

/** The retraining section: the protocol grid (one value or a list), the controls, and their defaults. */
class RetrainingSpecTest {
    private static RetrainingSpec parse(String yaml, String... overrides) {
        return ConfigLoader.parse("learningRate: {kind: cosine, baseLr: 0.05}\nmomentum: {kind: physics}\n" + yaml,
                List.of(overrides), TrainConfig.class).retraining();
    }

    @Test
    void defaultsAreOneProtocolTenRandomArmsAndTheReplicate() {
        RetrainingSpec d = parse("");
        assertThat(d.protocols()).containsExactly(new RetrainingProtocol(1, 0.01));
        assertThat(d.controls()).isTrue();
        assertThat(d.randomArms()).isEqualTo(10);
        assertThat(d.replicate()).isTrue();
        TrainConfig cfg = ConfigLoader.parse("learningRate: {kind: cosine, baseLr: 0.05}\nmomentum: {kind: physics}\n",
                List.of(), TrainConfig.class);
        assertThat(cfg.attribution().selection().kind()).isEqualTo(SelectionKind.TOP_K);
        assertThat(cfg.attribution().selection().k()).isNull();
    }

    @Test
    void aSingleValueOrAListGivesTheGridEpochsOuter() {
        assertThat(parse("retraining: {epochs: 2, baseLr: 0.003}").protocols())
                .containsExactly(new RetrainingProtocol(2, 0.003));
        assertThat(parse("retraining: {epochs: [1, 2], baseLr: [0.01, 0.003]}").protocols()).containsExactly(
                new RetrainingProtocol(1, 0.01), new RetrainingProtocol(1, 0.003), new RetrainingProtocol(2, 0.01),
                new RetrainingProtocol(2, 0.003));
        assertThat(parse("", "retraining.epochs=[1,3]", "retraining.randomArms=12").protocols()).hasSize(2);
    }

    @Test
    void rejectsBadValuesNamingTheKey() {
        assertThatThrownBy(() -> parse("retraining: {epochs: [1, 0]}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("retraining.epochs = 0");
        assertThatThrownBy(() -> parse("retraining: {baseLr: [0.01, 0.01]}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("retraining.baseLr = [0.01, 0.01]: a value is repeated");
        assertThatThrownBy(() -> parse("retraining: {randomArms: 0}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("retraining.randomArms = 0");
        assertThatThrownBy(() -> new RetrainingProtocol(1, -0.1)).isInstanceOf(ConfigException.class);
    }
}
