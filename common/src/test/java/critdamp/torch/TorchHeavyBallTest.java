package critdamp.torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import critdamp.base.ConfigException;
import critdamp.engine.ParameterBlock;
import critdamp.engine.ParameterLayout;
import critdamp.engine.ParameterRole;
import critdamp.optim.OptimizerKind;
import critdamp.optim.OptimizerSpec;
import critdamp.optim.WeightDecay;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One set of formulas on every engine: {@link TorchHeavyBall}'s steps equal a hand computation of critdamp's heavy
 * ball ({@code critdamp.optim.HeavyBallSgd} with {@link WeightDecay}) and the PyTorch peer's steps, to 1e-6, with
 * alpha and mu changing at every step.
 *
 * <p>The problem (keep in step with {@code bench/torch_peer_step.py}): a dense weight 2x3 (decayed), its bias and a
 * batch-norm scale (not decayed), lambda = 0.01; the gradient of step k is G_k exactly (loss = sum of G_k * p, then
 * backward, so the step reads what autograd wrote).
 */
class TorchHeavyBallTest {
    private static final ParameterLayout LAYOUT = new ParameterLayout(List.of(
            ParameterBlock.of("dense", ParameterRole.WEIGHT, 2, 3),
            ParameterBlock.of("dense", ParameterRole.BIAS, 2),
            ParameterBlock.of("bn", ParameterRole.BN_GAMMA, 2)));
    /** Initial values, canonical order: weight (row-major), bias, scale. */
    private static final float[] START = {0.5f, -0.25f, 0.125f, 1.0f, -0.75f, 0.3f, 0.1f, -0.2f, 1.0f, 0.9f};
    /** Per step, the gradient in the same order. */
    private static final float[][] GRADIENTS = {
        {0.2f, -0.1f, 0.05f, 0.3f, 0.0f, -0.4f, 0.5f, -0.5f, 0.25f, -0.125f},
        {-0.1f, 0.2f, 0.3f, 0.05f, -0.15f, 0.25f, -0.3f, 0.2f, 0.1f, 0.05f},
        {0.4f, 0.1f, -0.2f, -0.25f, 0.35f, 0.15f, 0.05f, 0.15f, -0.2f, 0.3f},
    };
    private static final double[] ALPHA = {0.1, 0.05, 0.2};
    private static final double[] MU = {0.9, 0.5, 0.8};
    private static final double LAMBDA = 0.01;
    /** The first six values (the weight) take decay. */
    private static final int DECAYED = 6;

    /*
     * The PyTorch peer's values after the three steps: bench/torch_peer.py's heavy_ball_step, run by
     *   /usr/bin/python3 bench/torch_peer_step.py
     * on Debian's python3-torch 1.13.0a0 (2026-12-07).
     */
    private static final float[] PEER_WEIGHT = {3.886704445e-01f, -2.678202093e-01f, 1.279501021e-01f,
        9.838268757e-01f, -8.029186726e-01f, 3.219305277e-01f};
    private static final float[] PEER_BIAS = {2.199999802e-02f, -1.530000120e-01f};
    private static final float[] PEER_SCALE = {9.835000634e-01f, 8.592500091e-01f};

    @BeforeAll
    static void loadLibtorch() {
        TorchNatives.load();
    }

    @Test
    void threeStepsEqualTheHandComputation() {
        double[][] expected = handComputation(START, GRADIENTS.length, true);
        try (TorchParameters p = parameters(); TorchHeavyBall step = new TorchHeavyBall(p, new WeightDecay(LAMBDA))) {
            for (int k = 0; k < GRADIENTS.length; k++) {
                backward(p, GRADIENTS[k]);
                step.apply(ALPHA[k], MU[k]);
            }
            assertClose(p.values(), expected[0], "values");
            assertClose(step.state(), expected[1], "velocity");
        }
    }

    @Test
    void threeStepsEqualThePyTorchPeer() {
        float[] peer = new float[START.length];
        System.arraycopy(PEER_WEIGHT, 0, peer, 0, 6);
        System.arraycopy(PEER_BIAS, 0, peer, 6, 2);
        System.arraycopy(PEER_SCALE, 0, peer, 8, 2);
        try (TorchParameters p = parameters(); TorchHeavyBall step = new TorchHeavyBall(p, new WeightDecay(LAMBDA))) {
            for (int k = 0; k < GRADIENTS.length; k++) {
                backward(p, GRADIENTS[k]);
                step.apply(ALPHA[k], MU[k]);
            }
            float[] actual = p.values();
            for (int j = 0; j < peer.length; j++) {
                assertThat((double) actual[j]).as("value %d", j).isCloseTo(peer[j], within(1e-6));
            }
        }
    }

    /** The peer's constants are the hand computation too: the comparison above checks the same formulas. */
    @Test
    void thePeersConstantsAgreeWithTheHandComputation() {
        double[] hand = handComputation(START, GRADIENTS.length, true)[0];
        float[] peer = {PEER_WEIGHT[0], PEER_WEIGHT[1], PEER_WEIGHT[2], PEER_WEIGHT[3], PEER_WEIGHT[4], PEER_WEIGHT[5],
            PEER_BIAS[0], PEER_BIAS[1], PEER_SCALE[0], PEER_SCALE[1]};
        for (int j = 0; j < hand.length; j++) {
            assertThat((double) peer[j]).as("value %d", j).isCloseTo(hand[j], within(1e-6));
        }
    }

    @Test
    void aFrozenBlockStaysBitIdenticalAndTakesNoDecay() {
        try (TorchParameters p = parameters(); TorchHeavyBall step = new TorchHeavyBall(p, new WeightDecay(LAMBDA))) {
            p.setRequiresGradient(0, false); // the dense weight: the only decayed block
            step.reset();
            for (int k = 0; k < GRADIENTS.length; k++) {
                backward(p, GRADIENTS[k]);
                step.apply(ALPHA[k], MU[k]);
            }
            float[] values = p.values();
            for (int j = 0; j < DECAYED; j++) {
                assertThat(Float.floatToRawIntBits(values[j])).as("frozen value %d", j)
                        .isEqualTo(Float.floatToRawIntBits(START[j]));
            }
            double[] expected = handComputation(START, GRADIENTS.length, true)[0];
            for (int j = DECAYED; j < values.length; j++) {
                assertThat((double) values[j]).as("trained value %d", j).isCloseTo(expected[j], within(1e-6));
            }
            assertThat(step.state()).startsWith(new float[DECAYED]);
        }
    }

    @Test
    void stateRoundTripsAndResetZeroesIt() {
        try (TorchParameters p = parameters(); TorchHeavyBall step = new TorchHeavyBall(p, WeightDecay.NONE)) {
            float[] v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
            step.setState(v);
            assertThat(step.state()).containsExactly(v);
            step.reset();
            assertThat(step.state()).containsOnly(0f);
            assertThatThrownBy(() -> step.setState(new float[3])).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void refusesANonFiniteAlphaOrMu() {
        try (TorchParameters p = parameters(); TorchHeavyBall step = new TorchHeavyBall(p, WeightDecay.NONE)) {
            assertThatThrownBy(() -> step.apply(0.1, Double.NaN)).hasMessageContaining("mu = NaN");
            assertThatThrownBy(() -> step.apply(0.0, 0.9)).hasMessageContaining("alpha = 0.0");
            assertThat(p.values()).containsExactly(START);
        }
    }

    /** Each step frees its temporaries: the live JavaCPP pointers do not grow with the steps. */
    @Test
    void stepsDoNotAccumulateNativeObjects() {
        try (TorchParameters p = parameters(); TorchHeavyBall step = new TorchHeavyBall(p, new WeightDecay(LAMBDA))) {
            backward(p, GRADIENTS[0]);
            step.apply(0.001, 0.9);
            long before = Pointer.totalCount();
            for (int i = 0; i < 500; i++) {
                step.apply(0.001, 0.9);
            }
            assertThat(Pointer.totalCount() - before).as("pointers left by 500 steps").isLessThan(50);
        }
    }

    @Test
    void theFactoryBuildsHeavyBallAndRefusesTheOthersInOneLine() {
        try (TorchParameters p = parameters()) {
            try (TorchStep s = TorchSteps.create(new OptimizerSpec(OptimizerKind.HEAVY_BALL, LAMBDA), p)) {
                assertThat(s).isInstanceOf(TorchHeavyBall.class);
            }
            assertThatThrownBy(() -> TorchSteps.create(new OptimizerSpec(OptimizerKind.ADAM, 0.0), p))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("optimizer.kind = adam: the torch engine trains with heavy_ball only; use engine = dl4j"
                            + " for nesterov and adam");
        }
    }

    /**
     * critdamp's heavy ball in double precision: g = grad + lambda * w (weight only, if {@code decay}),
     * v = mu * v - alpha * g, w = w + v.
     *
     * @return {values, velocity} after {@code steps} steps
     */
    private static double[][] handComputation(float[] start, int steps, boolean decay) {
        double[] w = new double[start.length];
        double[] v = new double[start.length];
        for (int j = 0; j < w.length; j++) {
            w[j] = start[j];
        }
        for (int k = 0; k < steps; k++) {
            for (int j = 0; j < w.length; j++) {
                double g = GRADIENTS[k][j] + (decay && j < DECAYED ? LAMBDA * w[j] : 0.0);
                v[j] = MU[k] * v[j] - ALPHA[k] * g;
                w[j] += v[j];
            }
        }
        return new double[][] {w, v};
    }

    private static TorchParameters parameters() {
        TorchParameters p = new TorchParameters(LAYOUT);
        p.setValues(START);
        return p;
    }

    /** Zeroes the gradient, then backward of sum(G * p) over the trained blocks: the gradient becomes G. */
    private static void backward(TorchParameters p, float[] g) {
        try (PointerScope scope = new PointerScope()) {
            p.gradient().zero_();
            Tensor loss = null;
            for (int i = 0; i < LAYOUT.blocks().size(); i++) {
                if (!p.tensor(i).requires_grad()) {
                    continue;
                }
                ParameterBlock b = LAYOUT.blocks().get(i);
                Tensor gi = torch.zeros(b.shape().stream().mapToLong(Integer::longValue).toArray());
                gi.data_ptr_float().put(g, LAYOUT.offset(i), b.length());
                Tensor term = p.tensor(i).mul(gi).sum();
                loss = loss == null ? term : loss.add(term);
            }
            loss.backward();
        }
        float[] written = p.gradientValues();
        for (int i = 0; i < LAYOUT.blocks().size(); i++) {
            if (p.tensor(i).requires_grad()) {
                int at = LAYOUT.offset(i);
                for (int j = at; j < at + LAYOUT.blocks().get(i).length(); j++) {
                    assertThat(written[j]).as("gradient %d as autograd wrote it", j).isEqualTo(g[j]);
                }
            }
        }
    }

    private static void assertClose(float[] actual, double[] expected, String what) {
        assertThat(actual).hasSize(expected.length);
        for (int j = 0; j < expected.length; j++) {
            assertThat((double) actual[j]).as("%s %d", what, j).isCloseTo(expected[j], within(1e-6));
        }
    }
}
