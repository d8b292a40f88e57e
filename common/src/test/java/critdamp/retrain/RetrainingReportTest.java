package critdamp.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;

class RetrainingReportTest {
    private static RetrainingReport sample() {
        return new RetrainingReport(1000, List.of(
                new ArmResult(ArmKind.TARGETED, List.of("stage3_conv1", "fc"), 12345, 0.045,
                        RetrainingBudget.steps(500), 4, 500, 0.81, 0.83, 40, 20, 20, 12.5),
                new ArmResult(ArmKind.ALL_LAYERS, List.of("stem", "stage3_conv1", "fc"), 270000, 1.0,
                        RetrainingBudget.steps(500), 4, 500, 0.81, 0.84, 70, 40, 30, 30.25),
                new ArmResult(ArmKind.RANDOM_LAYERS, List.of("stage1_conv2"), 9216, 0.034,
                        RetrainingBudget.epochs(2), 1, 20, 0.81, 0.805, 10, 15, -5, 9.0)));
    }

    @Test
    void jsonRoundTrip(@TempDir Path dir) {
        RetrainingReport r = sample();
        String json = r.toJson();
        assertThat(json).contains("\"arm\" : \"all_layers\"").contains("\"unit\" : \"steps\"");
        assertThat(RetrainingReport.fromJson(json)).isEqualTo(r);
        Path file = dir.resolve("retraining.json");
        r.writeJson(file);
        assertThat(RetrainingReport.readJson(file)).isEqualTo(r);
        assertThat(r.arm(ArmKind.RANDOM_LAYERS).net()).isEqualTo(-5);
    }

    @Test
    void table() {
        String t = sample().toTable();
        assertThat(t).contains("targeted", "all_layers", "random_layers", "500 steps", "2 epochs", "+20", "-5",
                "stage3_conv1, fc");
    }

    /** The three arms end to end on a tiny model: same budget, consistent counts, JSON round trip. */
    @Test
    void experimentRunsAllThreeArms() {
        ComputationGraph trained = RetrainNets.convNet(31, DataType.FLOAT);
        List<DataSet> train = RetrainNets.quadrants(96, 32, 1.2, 32, DataType.FLOAT);
        List<DataSet> test = RetrainNets.quadrants(64, 32, 1.2, 33, DataType.FLOAT);
        RetrainNets.train(trained, train, 1);
        RetrainingReport report = CorrectionExperiment.run(trained, Set.of("fc"), new Adam(0.01),
                RetrainingBudget.steps(4), 2, RetrainNets.iterator(train), RetrainNets.iterator(test), 5);
        assertThat(report.arms()).extracting(ArmResult::arm)
                .containsExactly(ArmKind.TARGETED, ArmKind.ALL_LAYERS, ArmKind.RANDOM_LAYERS);
        assertThat(report.evaluationExamples()).isEqualTo(64);
        for (ArmResult a : report.arms()) {
            assertThat(a.steps()).isEqualTo(4);
            assertThat(a.accuracyBefore()).isEqualTo(report.arms().get(0).accuracyBefore());
            assertThat(a.net()).isEqualTo(a.fixed() - a.broken());
            assertThat(Math.round((a.accuracyAfter() - a.accuracyBefore()) * 64)).isEqualTo(a.net());
        }
        assertThat(report.arm(ArmKind.TARGETED).layers()).containsExactly("fc");
        assertThat(report.arm(ArmKind.ALL_LAYERS).paramShare()).isEqualTo(1.0);
        assertThat(report.arm(ArmKind.RANDOM_LAYERS).layers()).doesNotContain("fc");
        assertThat(RetrainingReport.fromJson(report.toJson())).isEqualTo(report);
    }
}
