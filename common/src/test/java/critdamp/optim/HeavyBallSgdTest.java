package critdamp.optim;

import critdamp.schedule.MomentumKind;
import critdamp.schedule.LearningRateKind;
import critdamp.schedule.MomentumISchedule;
import critdamp.schedule.LearningRateISchedule;
import critdamp.schedule.MomentumSpec;
import critdamp.schedule.MomentumSchedule;
import critdamp.schedule.LearningRateSpec;
import critdamp.schedule.LearningRateSchedule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;

import critdamp.optim.UpdaterSettings;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.FixedSchedule;

/** The heavy-ball step against hand-computed values, DL4J's sign convention, pinning, and the applied record. */
class HeavyBallSgdTest {
    private static final double EPS = 1e-12;

    @AfterEach
    void clearProperty() {
        System.clearProperty(AppliedHyperparameters.PROPERTY);
    }

    private static INDArray vec(double... v) {
        return Nd4j.create(v, new long[] {1, v.length}, DataType.DOUBLE);
    }

    /** One DL4J-style step: the updater turns g into the update, which is subtracted from theta. */
    private static void step(GradientUpdater<?> u, INDArray theta, INDArray g, int iteration) {
        INDArray update = g.dup();
        u.applyUpdater(update, iteration, 0);
        theta.subi(update);
    }

    private static void assertValues(INDArray actual, double... expected) {
        double[] a = actual.dup().data().asDouble();
        assertThat(a).hasSize(expected.length);
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as("element %d", i).isCloseTo(expected[i], within(EPS));
        }
    }

    @Test
    void oneAndTwoStepsMatchHandComputedValues() {
        INDArray state = Nd4j.zeros(DataType.DOUBLE, 1, 3);
        GradientUpdater<?> u = new HeavyBallSgd(0.1, 0.9).instantiate(state, true);
        INDArray theta = vec(1, -2, 3);
        // v1 = -0.1 * [0.5, 1, -1] = [-0.05, -0.1, 0.1]; theta1 = theta0 + v1
        step(u, theta, vec(0.5, 1, -1), 0);
        assertValues(theta, 0.95, -2.1, 3.1);
        assertValues(state, -0.05, -0.1, 0.1); // v lives in DL4J's state view
        // v2 = 0.9 * v1 - 0.1 * [1, -2, 0] = [-0.145, 0.11, 0.09]
        step(u, theta, vec(1, -2, 0), 1);
        assertValues(state, -0.145, 0.11, 0.09);
        assertValues(theta, 0.805, -1.99, 3.19);
        assertThat(u.getState()).containsOnlyKeys(HeavyBallUpdater.V_STATE);
    }

    @Test
    void pinReplacesBothSchedulesForTheNextStep() {
        HeavyBallSgd config = new HeavyBallSgd(0.1, 0.9);
        INDArray state = Nd4j.zeros(DataType.DOUBLE, 1, 2);
        GradientUpdater<?> u = config.instantiate(state, true);
        INDArray theta = vec(0, 0);
        step(u, theta, vec(1, 2), 0); // v = [-0.1, -0.2]
        config.pin(0.2, 0.5);
        assertThat(config.learningRateSchedule()).isEqualTo(new FixedSchedule(0.2));
        assertThat(config.momentumSchedule()).isEqualTo(new FixedSchedule(0.5));
        step(u, theta, vec(1, 0), 1); // v = 0.5 * [-0.1, -0.2] - 0.2 * [1, 0] = [-0.25, -0.1]
        assertValues(state, -0.25, -0.1);
        assertValues(theta, -0.35, -0.3);
    }

    @Test
    void adaptersDriveAlphaAndMuByIteration(@TempDir Path dir) {
        System.setProperty(AppliedHyperparameters.PROPERTY, dir.toString());
        LearningRateSpec lr = LearningRateSpec.of(LearningRateKind.COSINE, 0.1);
        MomentumSpec mom = MomentumSpec.of(MomentumKind.PHYSICS);
        HeavyBallSgd config = new HeavyBallSgd(LearningRateISchedule.of(lr, 100), MomentumISchedule.of(lr, mom, 100));
        LearningRateSchedule alpha = lr.build(100);
        MomentumSchedule mu = mom.build(alpha);
        INDArray state = Nd4j.zeros(DataType.DOUBLE, 1, 1);
        GradientUpdater<?> u = config.instantiate(state, true);
        INDArray theta = vec(0);
        step(u, theta, vec(1), 50); // v = -alpha(50)
        assertValues(state, -alpha.alpha(50));
        step(u, theta, vec(1), 51); // v = mu(51) v - alpha(51)
        assertValues(state, -mu.mu(51) * alpha.alpha(50) - alpha.alpha(51));
        assertThat(AppliedHyperparameters.readAll(dir)).extracting(AppliedHyperparameters.Applied::iteration,
                        AppliedHyperparameters.Applied::alpha, AppliedHyperparameters.Applied::mu)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(50L, alpha.alpha(50), mu.mu(50)),
                        org.assertj.core.groups.Tuple.tuple(51L, alpha.alpha(51), mu.mu(51)));
    }

    @Test
    void inANetworkZeroMomentumIsPlainSgdAndMomentumAccumulates() {
        List<org.nd4j.linalg.dataset.DataSet> data = Dl4jNets.data(3, 8, 5);
        ComputationGraph heavy = Dl4jNets.graph(new HeavyBallSgd(0.05, 0.0), 7);
        ComputationGraph sgd = Dl4jNets.graph(new Sgd(0.05), 7);
        assertThat(heavy.params()).isEqualTo(sgd.params());
        for (org.nd4j.linalg.dataset.DataSet d : data) {
            heavy.fit(d);
            sgd.fit(d);
        }
        // same sign convention as DL4J's own SGD: theta <- theta - alpha * g
        assertThat(heavy.params().equalsWithEps(sgd.params(), 1e-12)).isTrue();
        assertThat(heavy.params().equalsWithEps(Dl4jNets.graph(new Sgd(0.05), 7).params(), 1e-6)).isFalse();

        // with momentum: the first step equals SGD's (v0 = 0), the second differs by mu * v1
        ComputationGraph m = Dl4jNets.graph(new HeavyBallSgd(0.05, 0.9), 7);
        ComputationGraph s = Dl4jNets.graph(new Sgd(0.05), 7);
        INDArray p0 = m.params().dup();
        m.fit(data.get(0));
        s.fit(data.get(0));
        assertThat(m.params().equalsWithEps(s.params(), 1e-12)).isTrue();
        INDArray v1 = m.params().sub(p0);
        // second step from identical params and data: heavy ball = SGD step + 0.9 * v1
        ComputationGraph s2 = Dl4jNets.graph(new Sgd(0.05), 7);
        s2.setParams(m.params().dup());
        m.fit(data.get(1));
        s2.fit(data.get(1));
        assertThat(m.params().equalsWithEps(s2.params().add(v1.mul(0.9)), 1e-10)).isTrue();
    }

    @Test
    void updaterSettingsPinReachesTheUpdaterTheGraphApplies(@TempDir Path dir) {
        System.setProperty(AppliedHyperparameters.PROPERTY, dir.toString());
        LearningRateSpec lr = LearningRateSpec.of(LearningRateKind.COSINE, 0.1);
        ComputationGraph g = Dl4jNets.graph(new HeavyBallSgd(LearningRateISchedule.of(lr, 100),
                MomentumISchedule.of(lr, MomentumSpec.of(MomentumKind.PHYSICS), 100)), 3);
        List<org.nd4j.linalg.dataset.DataSet> data = Dl4jNets.data(2, 8, 1);
        g.fit(data.get(0));
        UpdaterSettings.pin(g, 0.0123, 0.456);
        g.fit(data.get(1));
        List<AppliedHyperparameters.Applied> applied = AppliedHyperparameters.readAll(dir);
        assertThat(applied).hasSize(2);
        assertThat(applied.get(0).iteration()).isZero();
        assertThat(applied.get(0).alpha()).isCloseTo(0.1, within(EPS));
        assertThat(applied.get(0).mu()).isCloseTo(1 - 2 * Math.sqrt(0.1), within(EPS));
        assertThat(applied.get(1).iteration()).isEqualTo(1);
        assertThat(applied.get(1).alpha()).isEqualTo(0.0123);
        assertThat(applied.get(1).mu()).isEqualTo(0.456);
    }
}
