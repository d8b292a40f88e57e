package critdamp.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Sgd;

/** Each network's layer groups: a conv with its batch norm (small CNN), a stage (ResNets), the classifier. */
class LayerGroupsTest {
    private static Map<String, List<String>> groups(ModelKind kind) {
        ComputationGraph g = Models.build(kind, new InputShape(3, 8, 8), 10, new Sgd(0.1), 1);
        return LayerGroups.of(g);
    }

    @Test
    void smallCnnGroupsAConvWithItsBatchNorm() {
        Map<String, List<String>> g = groups(ModelKind.SMALL_CNN);
        assertThat(g.keySet()).containsExactly("block1_1", "block1_2", "block2_1", "block2_2", "block3_1", "fc");
        assertThat(g.get("block1_1")).containsExactly("block1_conv1", "block1_bn1");
        assertThat(g.get("block2_2")).containsExactly("block2_conv2", "block2_bn2");
        assertThat(g.get("fc")).containsExactly("fc");
    }

    @Test
    void resnetsGroupByStage() {
        Map<String, List<String>> r20 = groups(ModelKind.RESNET20);
        assertThat(r20.keySet()).containsExactly("stem", "stage1", "stage2", "stage3", "fc");
        assertThat(r20.get("stem")).containsExactly("stem_conv", "stem_bn");
        assertThat(r20.get("stage2")).hasSize(3 * 4).contains("stage2_block1_conv1", "stage2_block3_bn2");
        Map<String, List<String>> r18 = groups(ModelKind.RESNET18);
        assertThat(r18.keySet()).containsExactly("stem", "stage1", "stage2", "stage3", "stage4", "fc");
        assertThat(r18.get("stage3")).hasSize(2 * 4 + 2).contains("stage3_block1_shortcut_conv",
                "stage3_block1_shortcut_bn");
    }

    @Test
    void namesAloneGiveTheGroup() {
        assertThat(LayerGroups.groupOf("block3_bn1")).isEqualTo("block3_1");
        assertThat(LayerGroups.groupOf("block1_pool")).isEqualTo("block1");
        assertThat(LayerGroups.groupOf("stage4_block2_relu")).isEqualTo("stage4");
        assertThat(LayerGroups.groupOf("stem_bn")).isEqualTo("stem");
        assertThat(LayerGroups.groupOf("fc")).isEqualTo("fc");
        assertThat(LayerGroups.groupOf("dense_2")).isEqualTo("dense");
        assertThat(LayerGroups.of(List.of("conv1", "bn1", "dense_a", "dense_b")))
                .containsExactly(Map.entry("conv1", List.of("conv1")), Map.entry("bn1", List.of("bn1")),
                        Map.entry("dense", List.of("dense_a", "dense_b")));
    }
}
