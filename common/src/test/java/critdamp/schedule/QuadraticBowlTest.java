package critdamp.schedule;

import critdamp.optim.HeavyBallUpdater;
import critdamp.optim.HeavyBallSgd;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * Heavy ball (through {@link HeavyBallUpdater}, as DL4J applies it) on the bowl f(x) = x^2/2, curvature 1, g = x,
 * from x0 = 1, v0 = 0, at a fixed alpha.
 *
 * <p>Theory: x_{t+1} = (1 + mu - alpha) x_t - mu x_{t-1} has characteristic roots with product mu and sum
 * 1 + mu - alpha; they coincide (critical damping) at mu_c = (1 - sqrt(alpha))^2 = 1 - 2 sqrt(alpha) + alpha. The
 * paper's mu = 1 - 2 sqrt(alpha) is mu_c - alpha: slightly overdamped, two real roots 0 < l2 < l1 < 1, and
 * x_t = A l1^t + B l2^t with A - |B| = 1 > 0 (x_1 = 1 - alpha), so x stays positive: no overshoot. Above mu_c the
 * roots are complex with modulus sqrt(mu): x oscillates. Settling time is the first step after which |x| stays below
 * 1e-6 (a first touch of 1e-6 would reward an oscillation that happens to cross zero).
 */
class QuadraticBowlTest {
    private static final double TOL = 1e-6;
    private static final int HORIZON = 3500;

    /** Settling step and overshoot statistics (over |x| > 1e-15, above round-off) of one run. */
    private record Run(int settled, int signChanges, double minX) {
    }

    private static Run run(double alpha, double mu) {
        GradientUpdater<?> u = new HeavyBallSgd(alpha, mu).instantiate(Nd4j.zeros(DataType.DOUBLE, 1, 1), true);
        INDArray x = Nd4j.ones(DataType.DOUBLE, 1, 1);
        int lastAbove = 0;
        int signChanges = 0;
        double sign = 1;
        double minX = 1;
        double previous = 1;
        for (int t = 1; t <= HORIZON; t++) {
            INDArray update = x.dup(); // g = f'(x) = x
            u.applyUpdater(update, t, 0);
            x.subi(update);
            double xv = x.getDouble(0);
            if (Math.abs(xv) >= TOL) {
                lastAbove = t;
            }
            // signs only well above round-off (x decays to ~1e-300 within the horizon)
            if (Math.abs(xv) > 1e-15) {
                if (Math.signum(xv) != sign) {
                    signChanges++;
                    sign = Math.signum(xv);
                }
                minX = Math.min(minX, xv);
            }
            // the state (x_t, x_{t-1}) is 1e6 below the tolerance: a stable linear iteration cannot climb back
            if (Math.abs(xv) < 1e-12 && Math.abs(previous) < 1e-12) {
                break;
            }
            previous = xv;
        }
        assertThat(lastAbove).as("alpha %s, mu %s settles within the horizon", alpha, mu).isLessThan(HORIZON);
        return new Run(lastAbove + 1, signChanges, minX);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.01, 0.04})
    void criticalMomentumSettlesFasterThanLowerOrHigherMomentumAndNeverOvershoots(double alpha) {
        double mu = CriticalDamping.mu(alpha);
        Run physics = run(alpha, mu);
        assertThat(physics.signChanges()).isZero();
        assertThat(physics.minX()).isPositive();

        for (double lower : new double[] {mu - 0.3, 0.0}) {
            Run r = run(alpha, lower);
            assertThat(physics.settled()).as("mu %s vs lower %s", mu, lower).isLessThan(r.settled());
            assertThat(r.signChanges()).isZero(); // overdamped too, just slower
        }
        for (double higher : new double[] {(1 + mu) / 2, 0.99}) {
            Run r = run(alpha, higher);
            assertThat(physics.settled()).as("mu %s vs higher %s", mu, higher).isLessThan(r.settled());
            assertThat(r.signChanges()).as("higher momentum oscillates").isGreaterThanOrEqualTo(2);
            assertThat(r.minX()).as("with real overshoot").isLessThan(-0.01);
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.01, 0.04})
    void exactCriticalValueIsSlightlyFasterStillAndAlsoDoesNotOvershoot(double alpha) {
        // the formula is the first-order approximation of mu_c: it is within 1.5x of mu_c's settling time
        double muC = Math.pow(1 - Math.sqrt(alpha), 2);
        Run critical = run(alpha, muC);
        Run physics = run(alpha, CriticalDamping.mu(alpha));
        assertThat(critical.signChanges()).isZero();
        assertThat(critical.settled()).isLessThanOrEqualTo(physics.settled());
        assertThat((double) physics.settled()).isLessThan(1.5 * critical.settled());
    }
}
