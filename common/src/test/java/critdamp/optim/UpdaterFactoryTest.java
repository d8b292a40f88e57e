package critdamp.optim;

import critdamp.optim.OptimizerKind;
import critdamp.optim.HeavyBallSgd;
import critdamp.schedule.LearningRateKind;
import critdamp.schedule.LearningRateSchedule;
import critdamp.schedule.LearningRateSpec;
import critdamp.schedule.MomentumKind;
import critdamp.schedule.MomentumSchedule;
import critdamp.schedule.MomentumSpec;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;

import static org.assertj.core.api.Assertions.assertThat;

/** Each optimizer's updater is built at rest, and the per-round pin is how it follows our schedules. */
class UpdaterFactoryTest {
    private static final long T = 200;
    private static final LearningRateSpec LR = new LearningRateSpec(LearningRateKind.WARMUP_COSINE, 0.1, 0.001, 0.1,
            10.0, null, null);
    private static final MomentumSpec MOM = MomentumSpec.of(MomentumKind.HYBRID);
    private static final int[] STEPS = {0, 1, 10, 19, 20, 100, 150, 185, 199};

    @Test
    void eachOptimizerGetsItsUpdaterAtRest() {
        IUpdater hb = UpdaterFactory.create(OptimizerKind.HEAVY_BALL);
        IUpdater nes = UpdaterFactory.create(OptimizerKind.NESTEROV);
        IUpdater adam = UpdaterFactory.create(OptimizerKind.ADAM);
        assertThat(hb).isInstanceOf(HeavyBallSgd.class).isEqualTo(new HeavyBallSgd(0.0, 0.0));
        assertThat(nes).isInstanceOf(Nesterovs.class);
        assertThat(nes.getLearningRate(5, 0)).isZero();
        assertThat(((Nesterovs) nes).currentMomentum(5, 0)).isZero();
        assertThat(adam).isInstanceOf(Adam.class);
        assertThat(adam.getLearningRate(5, 0)).isZero();
        Adam a = (Adam) adam;
        assertThat(a.getBeta1()).isEqualTo(0.9);
        assertThat(a.getBeta2()).isEqualTo(0.999);
        assertThat(a.getEpsilon()).isEqualTo(1e-8);
    }

    @Test
    void pinningEachRoundMakesEveryOptimizerFollowOurSchedules() {
        LearningRateSchedule alpha = LR.build(T);
        MomentumSchedule mu = MOM.build(alpha);
        for (OptimizerKind kind : OptimizerKind.values()) {
            ComputationGraph g = TinyGraphs.graph(UpdaterFactory.create(kind));
            for (int t : STEPS) {
                UpdaterSettings.pin(g, alpha.alpha(t), kind.takesMomentum() ? mu.mu(t) : Double.NaN);
                for (String layer : new String[] {"hidden", "out"}) {
                    IUpdater u = TinyGraphs.updater(g, layer);
                    // the DL4J iteration counter no longer matters: the round's values hold for every iteration
                    assertThat(u.getLearningRate(t + 7, 0)).as("%s alpha at %d", kind, t).isEqualTo(alpha.alpha(t));
                    if (u instanceof HeavyBallSgd h) {
                        assertThat(h.currentMomentum(t + 7, 0)).as("heavy ball mu at %d", t).isEqualTo(mu.mu(t));
                    } else if (u instanceof Nesterovs n) {
                        assertThat(n.currentMomentum(t + 7, 0)).as("nesterov mu at %d", t).isEqualTo(mu.mu(t));
                    } else {
                        assertThat(u).isInstanceOf(Adam.class);
                        assertThat(((Adam) u).getBeta1()).isEqualTo(0.9);
                    }
                }
            }
        }
    }
}
