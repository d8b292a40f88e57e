package critdamp.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class RetrainingControlsTest {
    /** Sizes like a small ResNet: a few big layers, many small ones. */
    private static Map<String, Long> sizes() {
        Map<String, Long> m = new LinkedHashMap<>();
        long[] counts = {432, 32, 9216, 32, 9216, 32, 18432, 64, 36864, 64, 73728, 128, 147456, 128, 1290};
        for (int i = 0; i < counts.length; i++) {
            m.put("l" + i, counts[i]);
        }
        return m;
    }

    @Test
    void seededChoiceIsReproducibleAndSeedsDiffer() {
        Map<String, Long> sizes = sizes();
        LayerChoice a = RetrainingControls.randomLayers(sizes, 0.2, Set.of(), 7);
        LayerChoice b = RetrainingControls.randomLayers(sizes, 0.2, Set.of(), 7);
        assertThat(a).isEqualTo(b);
        long distinct = java.util.stream.LongStream.range(0, 20)
                .mapToObj(s -> RetrainingControls.randomLayers(sizes, 0.2, Set.of(), s).layers()).distinct().count();
        assertThat(distinct).isGreaterThan(5);
    }

    @Test
    void shareIsCloseToTargetAndExcludedLayersAreNeverChosen() {
        Map<String, Long> sizes = sizes();
        double total = sizes.values().stream().mapToLong(Long::longValue).sum();
        double maxShare = sizes.values().stream().mapToLong(Long::longValue).max().orElseThrow() / total;
        Set<String> excluded = Set.of("l12", "l0");
        for (double target : new double[] {0.05, 0.2, 0.35, 0.6}) {
            for (long seed = 0; seed < 30; seed++) {
                LayerChoice c = RetrainingControls.randomLayers(sizes, target, excluded, seed);
                assertThat(c.layers()).isNotEmpty().doesNotContainAnyElementsOf(excluded);
                assertThat(sizes.keySet()).containsAll(c.layers());
                assertThat(c.paramCount()).isEqualTo(c.layers().stream().mapToLong(sizes::get).sum());
                assertThat(c.paramShare()).isCloseTo(c.paramCount() / total, org.assertj.core.data.Offset.offset(1e-12));
                assertThat(Math.abs(c.paramShare() - target)).as("target %s seed %s: %s", target, seed, c)
                        .isLessThanOrEqualTo(maxShare / 2);
            }
        }
    }

    @Test
    void neverEmptyEvenWhenEveryLayerOvershoots() {
        Map<String, Long> sizes = new LinkedHashMap<>();
        sizes.put("a", 500L);
        sizes.put("b", 300L);
        sizes.put("c", 200L);
        LayerChoice c = RetrainingControls.randomLayers(sizes, 0.01, Set.of(), 3);
        assertThat(c.layers()).containsExactly("c"); // the closest to 1%
    }

    @Test
    void rejectsUnknownExcludedNamesBadSharesAndNothingLeft() {
        Map<String, Long> sizes = sizes();
        assertThatThrownBy(() -> RetrainingControls.randomLayers(sizes, 0.2, Set.of("nope"), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> RetrainingControls.randomLayers(sizes, 0, Set.of(), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetrainingControls.randomLayers(sizes, 0.2, sizes.keySet(), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onAGraph() {
        ComputationGraph net = RetrainNets.convNet(1, DataType.FLOAT);
        LayerChoice all = RetrainingControls.allLayers(net);
        assertThat(all.layers()).containsExactly("conv1", "bn1", "conv2", "bn2", "fc", "out");
        assertThat(all.paramShare()).isEqualTo(1.0);
        // BN running statistics are not counted
        assertThat(all.paramCount()).isEqualTo(critdamp.model.Models.trainableParameterCount(net));
        LayerChoice r = RetrainingControls.randomLayers(net, 0.3, Set.of("fc"), 5);
        assertThat(r).isEqualTo(RetrainingControls.randomLayers(net, 0.3, Set.of("fc"), 5));
        assertThat(all.layers()).containsAll(r.layers());
        assertThat(r.layers()).doesNotContain("fc");
    }
}
