package critdamp.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import critdamp.model.InputShape;
import critdamp.model.ModelKind;
import critdamp.model.Models;
import critdamp.retrain.GroupChoice;
import critdamp.retrain.TrainableLayers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/** The retraining-cost benchmark's arms and bookkeeping, on a tiny input (no timing is asserted). */
class RetrainCostTest {
    private static final InputShape IN = new InputShape(3, 8, 8);

    @Test
    void defaultArmsAreAllLayersTheTopTwoGroupsAndTheClassifier() {
        ComputationGraph net = Models.build(ModelKind.SMALL_CNN, IN, 10, new Sgd(0.1), 1);
        List<GroupChoice> arms = RetrainCost.arms(net, List.of());
        assertThat(arms).extracting(GroupChoice::groups).containsExactly(
                List.of("block1_1", "block1_2", "block2_1", "block2_2", "block3_1", "fc"),
                List.of("block3_1", "fc"), List.of("fc"));
        Map<String, Long> counts = TrainableLayers.paramCounts(net);
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        // the class comment of SmallCnn: 64*128*9 conv weights + 2*128 batch norm + 128*10 + 10 dense
        assertThat(arms.get(1).paramShare()).isEqualTo((64 * 128 * 9 + 2 * 128 + 1290) / (double) total);
        assertThat(arms.get(0).paramShare()).isEqualTo(1.0);
        assertThat(RetrainCost.arms(net, List.of(List.of("block2_2", "fc")))).extracting(GroupChoice::groups)
                .containsExactly(arms.get(0).groups(), List.of("block2_2", "fc"));
        assertThatThrownBy(() -> RetrainCost.arms(net, List.of(List.of("block9"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("block9");
    }

    @Test
    void measuresEveryArmEveryRoundAndLeavesTheTrainedNetworkAlone() {
        ComputationGraph net = Models.build(ModelKind.SMALL_CNN, IN, 10, new Sgd(0.1), 1);
        INDArray before = net.params().dup();
        List<RetrainCost> costs = RetrainCost.measure(net, RetrainCost.arms(net, List.of()), batches(), 1, 2, 2);
        assertThat(costs).hasSize(3);
        for (RetrainCost c : costs) {
            assertThat(c.msPerStep()).hasSize(2);
            assertThat(Arrays.stream(c.msPerStep()).min().orElseThrow()).isPositive();
            assertThat(c.medianMs()).isBetween(Math.min(c.msPerStep()[0], c.msPerStep()[1]),
                    Math.max(c.msPerStep()[0], c.msPerStep()[1]));
        }
        assertThat(net.params()).isEqualTo(before);
        assertThat(new RetrainCost(costs.get(0).choice(), new double[]{3, 1, 2}).medianMs()).isEqualTo(2);
    }

    private static List<DataSet> batches() {
        Nd4j.getRandom().setSeed(1);
        List<DataSet> out = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            out.add(new DataSet(Nd4j.rand(DataType.FLOAT, 4, 3, 8, 8),
                    Nd4j.eye(10).castTo(DataType.FLOAT).getRows(0, 1, 2, 3)));
        }
        return out;
    }
}
