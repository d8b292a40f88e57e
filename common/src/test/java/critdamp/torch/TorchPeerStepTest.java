package critdamp.torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import critdamp.base.Json;
import critdamp.engine.Batch;
import critdamp.engine.NetworkSpec;
import critdamp.engine.ParameterBlock;
import critdamp.engine.ParameterLayout;
import critdamp.engine.ParameterRole;
import critdamp.engine.TrainableModel;
import critdamp.model.InputShape;
import critdamp.model.ModelKind;
import critdamp.optim.OptimizerKind;
import critdamp.optim.OptimizerSpec;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ONE training step of the torch engine's small CNN ({@link TrainableModel#train}: forward, backward, L2 weight decay,
 * heavy ball) equals
 * <ul>
 *   <li>a hand computation of critdamp's formulas ({@code critdamp.optim.HeavyBallSgd} with {@code WeightDecay}, the
 *       same as {@link TorchHeavyBall}'s javadoc): {@code v' = mu * v - alpha * (g + lambda * w)}, the decay on
 *       convolution and dense weights only, {@code w' = w + v'}, with g the batch's mean-loss gradient the engine's
 *       {@link TrainableModel#addGradientSum} gives (divided by the batch size), on every trainable value;</li>
 *   <li>the PyTorch peer's step: {@code bench/torch_peer.py}'s own SmallCnn and {@code heavy_ball_step}, run by
 *       {@code bench/torch_peer_model_step.py} from the same start (its golden file, {@code peer-step-small-cnn.json}
 *       beside this class's package in the test resources): the loss, and per parameter block the sums and sampled
 *       values of the values and of the velocity after the step, running statistics included.</li>
 * </ul>
 * The start is not drawn by either library's random generator: both sides compute every weight, batch-norm statistic,
 * momentum value, image and label from one counter-based generator ({@link Draws}, the Python script's docstring), so
 * they agree bit for bit. A nonzero momentum and a large lambda (0.01) make every term of the update visible above the
 * float noise of two libtorch versions' gradients (PyTorch 1.13 against libtorch 2.10).
 */
class TorchPeerStepTest {
    private static final String GOLDEN = "/critdamp/torch/peer-step-small-cnn.json";
    private static final Map<String, ParameterRole> ROLES = Map.of("weight", ParameterRole.WEIGHT,
            "bias", ParameterRole.BIAS, "bn_gamma", ParameterRole.BN_GAMMA, "bn_beta", ParameterRole.BN_BETA,
            "bn_mean", ParameterRole.BN_MEAN, "bn_variance", ParameterRole.BN_LOG10_STD);
    /**
     * Velocities: the hand computation and the peer use other gradients than the step (the engine's gradient sum; the
     * peer's PyTorch 1.13 kernels), which differ from it by float noise, times alpha (observed 2026-12-07: at most
     * 1.2e-9 against the hand computation, 1.4e-9 against the peer). The smallest term of the update,
     * alpha * lambda * w = 5e-4 * w, is above this for every weight larger than 4e-5 in magnitude.
     */
    private static final double VELOCITY_TOLERANCE = 2e-8;
    /** Values: w + v' rounded to float (half an ulp of 1.2 is 6e-8; observed at most 6e-8). */
    private static final double VALUE_TOLERANCE = 2e-7;
    /** Running variances pass through log10(sqrt(var)) in the canonical vector (observed at most 2.6e-7). */
    private static final double VARIANCE_TOLERANCE = 1e-6;

    private static JsonNode golden;
    private static NetworkSpec spec;

    @BeforeAll
    static void readGolden() throws IOException {
        TorchNatives.load();
        try (InputStream in = TorchPeerStepTest.class.getResourceAsStream(GOLDEN)) {
            assertThat(in).as("test resource %s", GOLDEN).isNotNull();
            golden = Json.mapper().readTree(in);
        }
        spec = new NetworkSpec(ModelKind.SMALL_CNN, InputShape.CIFAR10, golden.get("classes").asInt());
    }

    @Test
    void theLayoutIsThePeersStateDictInOrder() {
        try (TrainableModel model = build()) {
            List<ParameterBlock> blocks = model.layout().blocks();
            JsonNode peer = golden.get("blocks");
            assertThat(blocks).hasSize(peer.size());
            for (int i = 0; i < blocks.size(); i++) {
                JsonNode p = peer.get(i);
                assertThat(blocks.get(i).role()).as("block %d (%s)", i, p.get("name").asText())
                        .isEqualTo(ROLES.get(p.get("role").asText()));
                assertThat(blocks.get(i).shape()).as("shape of block %d (%s)", i, p.get("name").asText())
                        .containsExactlyElementsOf(ints(p.get("shape")));
            }
        }
    }

    @Test
    void oneStepEqualsTheHandComputation() {
        double alpha = golden.get("alpha").asDouble();
        double mu = golden.get("mu").asDouble();
        double lambda = golden.get("weightDecay").asDouble();
        try (TrainableModel model = build()) {
            ParameterLayout layout = model.layout();
            Batch batch = Draws.batch(spec, golden.get("batch").asInt());
            float[] start = Draws.values(layout);
            float[] v0 = Draws.velocity(layout);
            model.setParameters(start);
            model.setOptimizerState(v0);
            double[] sums = new double[layout.trainableSize()];
            boolean[] all = new boolean[batch.size()];
            Arrays.fill(all, true);
            model.addGradientSum(batch, all, sums);

            model.train(List.of(batch), alpha, mu);

            float[] after = model.parameters();
            float[] v = model.optimizerState();
            int decayed = 0;
            for (int i = 0; i < layout.blocks().size(); i++) {
                ParameterBlock b = layout.blocks().get(i);
                if (!b.role().trained()) {
                    continue;
                }
                for (int k = 0; k < b.length(); k++) {
                    int t = layout.trainableOffset(i) + k;
                    int c = layout.offset(i) + k;
                    double g = sums[t] / batch.size() + (b.role().decayed() ? lambda * start[c] : 0.0);
                    double expectedV = mu * v0[t] - alpha * g;
                    assertThat((double) v[t]).as("velocity of %s [%d]", b, k).isCloseTo(expectedV,
                            within(VELOCITY_TOLERANCE));
                    assertThat((double) after[c]).as("value of %s [%d]", b, k).isCloseTo(start[c] + expectedV,
                            within(VALUE_TOLERANCE));
                }
                decayed += b.role().decayed() ? b.length() : 0;
            }
            assertThat(decayed).as("decayed values: the five convolutions and the dense weight")
                    .isEqualTo(864 + 9216 + 18432 + 36864 + 73728 + 1280);
        }
    }

    @Test
    void oneStepEqualsThePyTorchPeersStep() {
        try (TrainableModel model = build()) {
            ParameterLayout layout = model.layout();
            Batch batch = Draws.batch(spec, golden.get("batch").asInt());
            model.setParameters(Draws.values(layout));
            model.setOptimizerState(Draws.velocity(layout));

            double loss = model.train(List.of(batch), golden.get("alpha").asDouble(), golden.get("mu").asDouble())[0];

            assertThat(loss).as("loss before the step").isCloseTo(golden.get("loss").asDouble(), within(1e-5));
            float[] after = model.parameters();
            float[] v = model.optimizerState();
            for (int i = 0; i < layout.blocks().size(); i++) {
                ParameterBlock b = layout.blocks().get(i);
                JsonNode peer = golden.get("blocks").get(i);
                double[] values = new double[b.length()];
                for (int k = 0; k < values.length; k++) {
                    float x = after[layout.offset(i) + k];
                    values[k] = b.role() == ParameterRole.BN_LOG10_STD ? ParameterRole.varianceOfLog10Std(x) : x;
                }
                double tolerance = b.role() == ParameterRole.BN_LOG10_STD ? VARIANCE_TOLERANCE : VALUE_TOLERANCE;
                assertMatches(b + " values", values, peer.get("values"), peer.get("indices"), tolerance);
                if (b.role().trained()) {
                    double[] velocity = new double[b.length()];
                    for (int k = 0; k < velocity.length; k++) {
                        velocity[k] = v[layout.trainableOffset(i) + k];
                    }
                    assertMatches(b + " velocity", velocity, peer.get("velocity"), peer.get("indices"),
                            VELOCITY_TOLERANCE);
                }
            }
        }
    }

    /** The sampled values each within {@code tolerance}; the sums within {@code tolerance} per value summed. */
    private static void assertMatches(String what, double[] actual, JsonNode peer, JsonNode indices,
                                      double tolerance) {
        JsonNode samples = peer.get("samples");
        for (int s = 0; s < indices.size(); s++) {
            int j = indices.get(s).asInt();
            assertThat(actual[j]).as("%s [%d]", what, j).isCloseTo(samples.get(s).asDouble(), within(tolerance));
        }
        double sum = 0;
        double squares = 0;
        for (double x : actual) {
            sum += x;
            squares += x * x;
        }
        assertThat(sum).as("%s: sum", what).isCloseTo(peer.get("sum").asDouble(),
                within(tolerance * actual.length));
        double scale = Math.sqrt(peer.get("sumSquares").asDouble() / actual.length);
        assertThat(squares).as("%s: sum of squares", what).isCloseTo(peer.get("sumSquares").asDouble(),
                within(2 * scale * tolerance * actual.length));
    }

    private static TrainableModel build() {
        return new TorchEngine().build(spec, new OptimizerSpec(OptimizerKind.HEAVY_BALL,
                golden.get("weightDecay").asDouble()), 0);
    }

    private static List<Integer> ints(JsonNode array) {
        Integer[] out = new Integer[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return List.of(out);
    }

    /**
     * The counter-based generator of {@code bench/torch_peer_model_step.py}, bit for bit: value i of stream s is
     * {@code float(centre + (2u - 1) * half)} with {@code u = (splitmix64(s * 2^32 + i) >>> 40) / 2^24}.
     */
    static final class Draws {
        private static final int VALUES = 1;
        private static final int VELOCITY = 2;
        private static final int IMAGES = 3;
        private static final int LABELS = 4;

        private Draws() {
        }

        static double uniform(int stream, long i) {
            long z = ((long) stream << 32) + i + 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            return (z >>> 40) / (double) (1 << 24);
        }

        static float draw(int stream, long i, double centre, double half) {
            return (float) (centre + (2.0 * uniform(stream, i) - 1.0) * half);
        }

        /** The canonical start: weights He-uniform, statistics near their initial values; variances as log10 std. */
        static float[] values(ParameterLayout layout) {
            float[] out = new float[layout.size()];
            for (int i = 0; i < layout.blocks().size(); i++) {
                ParameterBlock b = layout.blocks().get(i);
                int at = layout.offset(i);
                for (int k = 0; k < b.length(); k++) {
                    long n = at + k;
                    out[at + k] = switch (b.role()) {
                        case WEIGHT -> {
                            int fanIn = b.length() / b.shape().get(0);
                            yield draw(VALUES, n, 0.0, Math.sqrt(6.0 / fanIn));
                        }
                        case BN_GAMMA -> draw(VALUES, n, 1.0, 0.2);
                        case BN_LOG10_STD -> ParameterRole.log10StdOfVariance(draw(VALUES, n, 1.0, 0.5));
                        case BIAS, BN_BETA, BN_MEAN -> draw(VALUES, n, 0.0, 0.1);
                    };
                }
            }
            return out;
        }

        /** The momentum, trainable coordinates. */
        static float[] velocity(ParameterLayout layout) {
            float[] out = new float[layout.trainableSize()];
            for (int t = 0; t < out.length; t++) {
                out[t] = draw(VELOCITY, t, 0.0, 0.01);
            }
            return out;
        }

        static Batch batch(NetworkSpec spec, int examples) {
            float[] features = new float[Math.toIntExact(examples * spec.input().size())];
            for (int j = 0; j < features.length; j++) {
                features[j] = draw(IMAGES, j, 0.0, 2.0);
            }
            int[] labels = new int[examples];
            for (int k = 0; k < examples; k++) {
                labels[k] = (int) (uniform(LABELS, k) * spec.numClasses());
            }
            return new Batch(spec.input(), features, labels);
        }
    }
}
