package critdamp.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The arms planner: order, whole groups (a conv with its batch norm), the random arms' size and seed. */
class RetrainingArmsTest {
    /** Four groups of 100 parameters in all: block1_1 12, block1_2 22, block2_1 34, fc 32. */
    static Map<String, Long> sizes() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("block1_conv1", 10L);
        m.put("block1_bn1", 2L);
        m.put("block1_conv2", 20L);
        m.put("block1_bn2", 2L);
        m.put("block2_conv1", 30L);
        m.put("block2_bn1", 4L);
        m.put("fc", 32L);
        return m;
    }

    @Test
    void targetedThenReplicateThenAllThenRandom() {
        List<RetrainingArm> arms = RetrainingArms.plan(Set.of("fc", "block1_1"), sizes(), true, true, 3, 7);
        assertThat(arms).extracting(RetrainingArm::name).containsExactly("targeted", "targeted_replicate",
                "all_layers", "random_layers_1", "random_layers_2", "random_layers_3");
        assertThat(arms.get(0).choice()).isEqualTo(new GroupChoice(List.of("block1_1", "fc"),
                List.of("block1_conv1", "block1_bn1", "fc"), 44, 0.44));
        assertThat(arms.get(1).choice()).isEqualTo(arms.get(0).choice());
        assertThat(arms).extracting(RetrainingArm::dataOrder).containsExactly(0, 1, 0, 0, 0, 0);
        assertThat(arms.get(2).choice().groups()).containsExactly("block1_1", "block1_2", "block2_1", "fc");
        assertThat(arms.get(2).choice().paramShare()).isEqualTo(1.0);
    }

    @Test
    void randomArmsHaveAsManyGroupsEachWithItsBatchNormAndAreTheSeededDraw() {
        for (long seed = 0; seed < 10; seed++) {
            List<RetrainingArm> arms = RetrainingArms.plan(Set.of("block2_1"), sizes(), false, true, 2, seed);
            List<RetrainingArm> random = arms.subList(2, arms.size());
            assertThat(random).hasSize(2);
            for (RetrainingArm a : random) {
                assertThat(a.kind()).isEqualTo(ArmKind.RANDOM_LAYERS);
                assertThat(a.choice().groups()).hasSize(1).doesNotContain("block2_1");
                if (a.choice().layers().contains("block1_conv2")) {
                    assertThat(a.choice().layers()).containsExactly("block1_conv2", "block1_bn2");
                }
            }
            assertThat(random.get(0).choice()).isNotEqualTo(random.get(1).choice());
            List<List<String>> drawn = RandomGroupSets.draw(List.of("block1_1", "block1_2", "block2_1", "fc"),
                    Set.of("block2_1"), 2, seed);
            assertThat(random).extracting(a -> a.choice().groups()).isEqualTo(drawn);
            assertThat(RetrainingArms.plan(Set.of("block2_1"), sizes(), false, true, 2, seed)).isEqualTo(arms);
        }
    }

    @Test
    void withoutControlsOrReplicateOnlyTheTargetedArm() {
        assertThat(RetrainingArms.plan(Set.of("fc"), sizes(), false, false, 10, 7)).containsExactly(
                new RetrainingArm(ArmKind.TARGETED, 0, new GroupChoice(List.of("fc"), List.of("fc"), 32, 0.32), 0));
    }

    /** Every group flagged: no other set of 4 of 4 exists, so there are no random arms. */
    @Test
    void noRandomArmWhenEveryGroupIsFlagged() {
        List<RetrainingArm> arms = RetrainingArms.plan(Set.of("block1_1", "block1_2", "block2_1", "fc"), sizes(),
                false, true, 10, 3);
        assertThat(arms).extracting(RetrainingArm::kind).containsExactly(ArmKind.TARGETED, ArmKind.ALL_LAYERS);
    }

    @Test
    void rejectsUnknownOrNoFlaggedGroups() {
        assertThatThrownBy(() -> RetrainingArms.plan(Set.of("block1_conv1"), sizes(), false, true, 2, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("block1_conv1")
                .hasMessageContaining("[block1_1, block1_2, block2_1, fc]");
        assertThatThrownBy(() -> RetrainingArms.plan(Set.of(), sizes(), false, false, 2, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrainingArm(ArmKind.RANDOM_LAYERS, 0,
                GroupChoice.of(Set.of("fc"), sizes()), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onAGraphEveryLayerOfAGroupIsChosen() {
        ComputationGraph net = RetrainNets.convNet(1, DataType.FLOAT);
        GroupChoice all = GroupChoice.all(TrainableLayers.paramCounts(net));
        assertThat(all.layers()).containsExactly("conv1", "bn1", "conv2", "bn2", "fc", "out");
        assertThat(all.paramShare()).isEqualTo(1.0);
        // BN running statistics are not counted
        assertThat(all.paramCount()).isEqualTo(critdamp.model.Models.trainableParameterCount(net));
    }
}
