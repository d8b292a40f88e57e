package critdamp.optim;

import critdamp.optim.OptimizerKind;
import critdamp.retrain.LayerFreezing;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Nesterovs;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pin leaves frozen layers alone, and refuses a mu that the updater would not apply (or lack). */
class UpdaterSettingsTest {

    @Test
    void frozenLayersKeepTheirZeroRate() {
        ComputationGraph trained = TinyGraphs.graph(UpdaterFactory.create(OptimizerKind.NESTEROV));
        // the output layer is frozen in place (a BaseLayer with the frozen updater), not wrapped
        ComputationGraph retrain = LayerFreezing.retrainable(trained, Set.of("hidden"),
                UpdaterFactory.create(OptimizerKind.NESTEROV));
        assertThat(FrozenUpdater.isFrozen(TinyGraphs.layerConf(retrain, "out"))).isTrue();
        UpdaterSettings.pin(retrain, 0.05, 0.8);
        assertThat(FrozenUpdater.isFrozen(TinyGraphs.layerConf(retrain, "out"))).isTrue();
        Nesterovs hidden = (Nesterovs) TinyGraphs.updater(retrain, "hidden");
        assertThat(hidden.getLearningRate(3, 0)).isEqualTo(0.05);
        assertThat(hidden.currentMomentum(3, 0)).isEqualTo(0.8);
    }

    @Test
    void muMustMatchWhetherTheUpdaterHasAMomentum() {
        for (OptimizerKind kind : OptimizerKind.values()) {
            ComputationGraph g = TinyGraphs.graph(UpdaterFactory.create(kind));
            double wrongMu = kind.takesMomentum() ? Double.NaN : 0.9;
            assertThatThrownBy(() -> UpdaterSettings.pin(g, 0.1, wrongMu)).as("%s", kind)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(kind.takesMomentum() ? "no mu was given" : "has no momentum");
        }
    }
}
