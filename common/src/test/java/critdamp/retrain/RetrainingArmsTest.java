package critdamp.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The arms planner: order, the random arm's exclusion rule and seed, the shares. */
class RetrainingArmsTest {
    /** Four layers of 100 parameters in all: shares 0.1, 0.2, 0.3, 0.4. */
    private static Map<String, Long> sizes() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("a", 10L);
        m.put("b", 20L);
        m.put("c", 30L);
        m.put("d", 40L);
        return m;
    }

    @Test
    void targetedFirstThenAllThenRandom() {
        List<RetrainingArm> arms = RetrainingArms.plan(Set.of("d", "b"), sizes(), true, 7);
        assertThat(arms).extracting(RetrainingArm::kind)
                .containsExactly(ArmKind.TARGETED, ArmKind.ALL_LAYERS, ArmKind.RANDOM_LAYERS);
        assertThat(arms).extracting(RetrainingArm::name).containsExactly("targeted", "all_layers", "random_layers");
        assertThat(arms.get(0).choice()).isEqualTo(new LayerChoice(List.of("b", "d"), 60, 0.6));
        assertThat(arms.get(1).choice()).isEqualTo(new LayerChoice(List.of("a", "b", "c", "d"), 100, 1.0));
    }

    @Test
    void withoutControlsOnlyTheTargetedArm() {
        assertThat(RetrainingArms.plan(Set.of("c"), sizes(), false, 7)).containsExactly(
                new RetrainingArm(ArmKind.TARGETED, new LayerChoice(List.of("c"), 30, 0.3)));
    }

    @Test
    void randomArmAvoidsTheFlaggedLayersAndIsTheSeededDraw() {
        for (long seed = 0; seed < 20; seed++) {
            LayerChoice random = RetrainingArms.plan(Set.of("c"), sizes(), true, seed).get(2).choice();
            assertThat(random.layers()).doesNotContain("c");
            assertThat(random).isEqualTo(RetrainingControls.randomLayers(sizes(), 0.3, Set.of("c"), seed));
            assertThat(random).isEqualTo(RetrainingArms.plan(Set.of("c"), sizes(), true, seed).get(2).choice());
        }
    }

    /** With every layer flagged nothing else is left: the random arm draws from all layers (share 1: all of them). */
    @Test
    void randomArmMayUseFlaggedLayersWhenTheyAreEveryLayer() {
        LayerChoice random = RetrainingArms.plan(Set.of("a", "b", "c", "d"), sizes(), true, 3).get(2).choice();
        assertThat(random).isEqualTo(RetrainingControls.randomLayers(sizes(), 1.0, Set.of(), 3));
        assertThat(random.layers()).containsExactly("a", "b", "c", "d");
    }

    /** Flagged a (0.1): the closest share from {b, c, d} alone or together is b (0.2), whatever the seed. */
    @Test
    void randomShareFollowsTheFlaggedShare() {
        for (long seed = 0; seed < 20; seed++) {
            LayerChoice random = RetrainingArms.plan(Set.of("a"), sizes(), true, seed).get(2).choice();
            assertThat(random).isEqualTo(new LayerChoice(List.of("b"), 20, 0.2));
        }
    }

    @Test
    void rejectsUnknownOrNoFlaggedLayers() {
        assertThatThrownBy(() -> RetrainingArms.plan(Set.of("nope"), sizes(), true, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> RetrainingArms.plan(Set.of(), sizes(), false, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
