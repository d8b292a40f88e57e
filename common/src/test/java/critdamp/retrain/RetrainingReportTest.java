package critdamp.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import critdamp.config.RetrainingProtocol;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report: JSON round trip, the targeted arm against the random arms, the data-order spread, the protocol. */
class RetrainingReportTest {
    private static final RetrainingProtocol ONE = new RetrainingProtocol(1, 0.01);
    private static final RetrainingProtocol TWO = new RetrainingProtocol(2, 0.003);

    private static ArmResult arm(String name, ArmKind kind, List<String> groups, double share, RetrainingProtocol p,
                                 double valAfter, int fixed, int broken) {
        return new ArmResult(name, kind, kind == ArmKind.TARGETED_REPLICATE ? 1 : 0, groups,
                groups.stream().map(g -> g + "_conv").toList(), Math.round(share * 1000), share, p, 50, 0.60,
                valAfter, 0.65, 0.65 + (fixed - broken) / 1000.0, fixed, broken, fixed - broken, 0.0, 12.5,
                "retrain-" + name.replace('_', '-'));
    }

    static RetrainingReport sample() {
        List<String> targeted = List.of("stage3", "fc");
        return new RetrainingReport(1000, 500, targeted,
                List.of(arm("all_layers", ArmKind.ALL_LAYERS, List.of("stem", "stage3", "fc"), 1.0, ONE, 0.62, 70, 40),
                        arm("all_layers", ArmKind.ALL_LAYERS, List.of("stem", "stage3", "fc"), 1.0, TWO, 0.63, 60,
                                40)),
                TWO,
                List.of(arm("targeted", ArmKind.TARGETED, targeted, 0.4, TWO, 0.61, 40, 20),
                        arm("targeted_replicate", ArmKind.TARGETED_REPLICATE, targeted, 0.4, TWO, 0.61, 35, 22),
                        arm("all_layers", ArmKind.ALL_LAYERS, List.of("stem", "stage3", "fc"), 1.0, TWO, 0.63, 60,
                                40),
                        arm("random_layers_1", ArmKind.RANDOM_LAYERS, List.of("stem", "fc"), 0.1, TWO, 0.6, 10, 15),
                        arm("random_layers_2", ArmKind.RANDOM_LAYERS, List.of("stem", "stage3"), 0.9, TWO, 0.6, 50,
                                20),
                        arm("random_layers_3", ArmKind.RANDOM_LAYERS, List.of("stem", "fc"), 0.2, TWO, 0.6, 30, 10)));
    }

    @Test
    void jsonRoundTrip(@TempDir Path dir) {
        RetrainingReport r = sample();
        String json = r.toJson();
        assertThat(json).contains("\"arm\" : \"all_layers\"", "\"epochs\" : 2", "\"randomComparison\"",
                "\"dataOrderSpread\" : 7", "\"frozenDrift\" : 0.0");
        assertThat(RetrainingReport.fromJson(json)).isEqualTo(r);
        Path file = dir.resolve("retraining.json");
        r.writeJson(file);
        assertThat(RetrainingReport.readJson(file)).isEqualTo(r);
        assertThat(r.arm(ArmKind.RANDOM_LAYERS).net()).isEqualTo(-5);
        // a partial report (no protocol chosen yet) round-trips too
        RetrainingReport partial = new RetrainingReport(1000, 500, List.of("fc"), List.of(), null, List.of());
        assertThat(partial.toJson()).doesNotContain("protocol\" :", "randomComparison");
        assertThat(RetrainingReport.fromJson(partial.toJson())).isEqualTo(partial);
    }

    /** Random nets -5, +30, +20: mean 15, sd sqrt(((-20)^2 + 15^2 + 5^2) / 2) = sqrt(325); targeted +20 ranks 2. */
    @Test
    void targetedAgainstTheRandomArms() {
        RandomArmComparison c = sample().randomComparison();
        assertThat(c.randomArms()).isEqualTo(3);
        assertThat(c.netMean()).isCloseTo(15, Offset.offset(1e-12));
        assertThat(c.netSd()).isCloseTo(Math.sqrt(325), Offset.offset(1e-12));
        assertThat(c.targetedNet()).isEqualTo(20);
        assertThat(c.rank()).isEqualTo(2);
        assertThat(c.ties()).isEqualTo(1);
        assertThat(c.shareMean()).isCloseTo(0.4, Offset.offset(1e-12));
        assertThat(c.shareMin()).isEqualTo(0.1);
        assertThat(c.shareMax()).isEqualTo(0.9);
        assertThat(c.targetedShare()).isEqualTo(0.4);
        assertThat(sample().dataOrderSpread()).isEqualTo(7);
        assertThat(sample().randomArms()).hasSize(3);
    }

    @Test
    void table() {
        String t = sample().toTable();
        assertThat(t).contains("targeted", "all_layers", "random_layers_2", "+20", "-5", "stage3, fc",
                "2 epoch(s) from lr 0.003", "<- chosen", "rank 2 of 4", "15.0 +- 18.0",
                "data orders of the targeted arm: 7");
    }

    /** The all-layers arm's best validation accuracy picks the protocol, the first in grid order on a tie. */
    @Test
    void protocolChosenOnTheAllLayersArmsValidationAccuracy() {
        assertThat(ProtocolChoice.best(sample().protocolTrials())).isEqualTo(TWO);
        ArmResult a = arm("all_layers", ArmKind.ALL_LAYERS, List.of("fc"), 1, ONE, 0.7, 0, 0);
        ArmResult b = arm("all_layers", ArmKind.ALL_LAYERS, List.of("fc"), 1, TWO, 0.7, 9, 0);
        assertThat(ProtocolChoice.best(List.of(a, b))).isEqualTo(ONE);
        assertThat(ProtocolChoice.best(List.of(b, a))).isEqualTo(TWO);
        assertThatThrownBy(() -> ProtocolChoice.best(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProtocolChoice.best(List.of(sample().arm(ArmKind.TARGETED))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an all-layers arm");
    }

    @Test
    void armResultsMatchTheirPlanAndProtocol() {
        RetrainingArm planned = new RetrainingArm(ArmKind.TARGETED, 0, new GroupChoice(List.of("stage3", "fc"),
                List.of("stage3_conv", "fc_conv"), 400, 0.4), 0);
        ArmResult done = sample().arm(ArmKind.TARGETED);
        assertThat(done.isOf(planned, TWO)).isTrue();
        assertThat(done.isOf(planned, ONE)).isFalse();
        assertThat(done.isOf(new RetrainingArm(ArmKind.TARGETED_REPLICATE, 0, planned.choice(), 1), TWO)).isFalse();
        assertThatThrownBy(() -> new ArmResult("x", ArmKind.TARGETED, 0, List.of("fc"), List.of("fc"), 1, 1, ONE, 1,
                0.5, 0.5, 0.5, 0.5, 3, 1, 1, 0, 1, "f")).hasMessageContaining("net = 1 but fixed - broken = 2");
    }
}
