package critdamp.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import critdamp.model.InputShape;
import critdamp.model.ModelKind;
import critdamp.optim.OptimizerKind;
import critdamp.optim.OptimizerSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The {@link Engine} contract, run by every engine's test ({@code Dl4jEngineContractTest},
 * {@code TorchEngineContractTest}) on the small CNN at 3x8x8 (fast): what the driver may rely on whichever engine
 * trains.
 */
public abstract class EngineContractTest {
    protected static final NetworkSpec SPEC = new NetworkSpec(ModelKind.SMALL_CNN, new InputShape(3, 8, 8), 10);
    protected static final OptimizerSpec OPTIMIZER = new OptimizerSpec(OptimizerKind.HEAVY_BALL, 5e-4);

    /** The engine under test. */
    protected abstract Engine engine();

    /** The other engine, whose checkpoints this one must refuse. */
    protected abstract Engine otherEngine();

    protected static Batch batch(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = 6;
        float[] x = new float[Math.toIntExact(n * SPEC.input().size())];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(SPEC.numClasses());
        }
        return new Batch(SPEC.input(), x, labels);
    }

    @Test
    void aNewModelHasItsLayoutsValuesAndAZeroOptimizerState() {
        try (TrainableModel m = engine().build(SPEC, OPTIMIZER, 1)) {
            assertThat(m.engine()).isEqualTo(engine().kind());
            assertThat(m.network()).isEqualTo(SPEC);
            assertThat(m.parameters()).hasSize(m.layout().size());
            assertThat(m.layout().groups().keySet()).containsExactly("block1_1", "block1_2", "block2_1", "block2_2",
                    "block3_1", "fc");
            for (float v : m.optimizerState()) {
                assertThat(v).isZero();
            }
            assertThat(m.frozenGroups()).isEmpty();
        }
    }

    @Test
    void valuesGoInAndComeOutUnchanged() {
        try (TrainableModel m = engine().build(SPEC, OPTIMIZER, 1)) {
            float[] values = moved(m.layout(), m.parameters());
            m.setParameters(values);
            float[] back = m.parameters();
            for (int i = 0; i < values.length; i++) {
                assertThat((double) back[i]).as("value %d", i).isCloseTo(values[i],
                        org.assertj.core.data.Offset.offset(1e-6));
            }
            assertThatThrownBy(() -> m.setParameters(new float[3])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("3 values given for a network of " + values.length);
        }
    }

    /**
     * A vector the model gave goes back in bit for bit, again and again: what parameter averaging does to a frozen
     * group every round (driver to worker and back). Running deviations over a trained network's range (variance
     * 1e-3 to 1e2), where an engine that stores the variance must pick it so that its canonical value comes back.
     */
    @Test
    void valuesTheModelGaveGoBackInBitForBit() {
        try (TrainableModel m = engine().build(SPEC, OPTIMIZER, 1)) {
            SplittableRandom rng = new SplittableRandom(4);
            ParameterLayout layout = m.layout();
            for (int fill = 0; fill < 4; fill++) {
                float[] values = m.parameters();
                for (int i = 0; i < layout.blocks().size(); i++) {
                    if (layout.blocks().get(i).role() == ParameterRole.BN_LOG10_STD) {
                        for (int j = layout.offset(i); j < layout.offset(i) + layout.blocks().get(i).length(); j++) {
                            values[j] = (float) rng.nextDouble(-1.5, 1.0);
                        }
                    }
                }
                m.setParameters(values);
                float[] given = m.parameters();
                for (int trip = 1; trip <= 3; trip++) {
                    m.setParameters(given);
                    assertIdentical(m.parameters(), given, "fill " + fill + ", round trip " + trip);
                }
            }
        }
    }

    @Test
    void evaluatingChangesNothingAndGivesOneRowOfLogitsPerExample() {
        try (TrainableModel m = engine().build(SPEC, OPTIMIZER, 1)) {
            float[] before = m.parameters();
            Batch b = batch(2);
            Outputs out = m.evaluate(b);
            assertThat(out.examples()).isEqualTo(b.size());
            assertThat(out.loss()).isBetween(0.1, 20.0);
            assertIdentical(m.parameters(), before, "values after evaluate");
            assertIdentical(m.evaluate(b).logits(), out.logits(), "logits of a second evaluate");
        }
    }

    @Test
    void gradientSumsOfDisjointSelectionsAddUpAndChangeNothing() {
        try (TrainableModel m = engine().build(SPEC, OPTIMIZER, 1)) {
            float[] before = m.parameters();
            Batch b = batch(3);
            boolean[] all = new boolean[b.size()];
            Arrays.fill(all, true);
            boolean[] some = {true, false, true, false, false, true};
            boolean[] rest = new boolean[b.size()];
            for (int i = 0; i < rest.length; i++) {
                rest[i] = !some[i];
            }
            double[] whole = new double[m.layout().trainableSize()];
            double[] parts = new double[whole.length];
            m.addGradientSum(b, all, whole);
            m.addGradientSum(b, some, parts);
            m.addGradientSum(b, rest, parts);
            double[] none = new double[whole.length];
            m.addGradientSum(b, new boolean[b.size()], none);
            double scale = Arrays.stream(whole).map(Math::abs).max().orElseThrow();
            assertThat(scale).isGreaterThan(0);
            for (int j = 0; j < whole.length; j++) {
                assertThat(parts[j]).isCloseTo(whole[j], org.assertj.core.data.Offset.offset(1e-4 * scale));
                assertThat(none[j]).isZero();
            }
            assertIdentical(m.parameters(), before, "values after gradient sums");
        }
    }

    @Test
    void trainingMovesTrainedGroupsAndLeavesFrozenOnesBitIdentical() {
        try (TrainableModel m = engine().build(SPEC, OPTIMIZER, 1)) {
            m.freeze(Set.of("block1_1", "block2_2"));
            assertThat(m.frozenGroups()).containsExactlyInAnyOrder("block1_1", "block2_2");
            float[] before = m.parameters();
            double[] losses = m.train(List.of(batch(4), batch(5), batch(6)), 0.05, 0.9);
            assertThat(losses).hasSize(3);
            assertThat(Arrays.stream(losses).boxed().toList()).allSatisfy(l -> assertThat(l).isBetween(0.1, 20.0));
            float[] after = m.parameters();
            ParameterLayout layout = m.layout();
            for (int i = 0; i < layout.blocks().size(); i++) {
                ParameterBlock b = layout.blocks().get(i);
                float[] x = Arrays.copyOfRange(before, layout.offset(i), layout.offset(i) + b.length());
                float[] y = Arrays.copyOfRange(after, layout.offset(i), layout.offset(i) + b.length());
                String group = critdamp.model.LayerGroups.groupOf(b.layer());
                if (m.frozenGroups().contains(group)) {
                    assertThat(Arrays.equals(x, y)).as("%s frozen: bit-identical", b).isTrue();
                } else {
                    assertThat(Arrays.equals(x, y)).as("%s trains", b).isFalse();
                }
            }
            assertThatThrownBy(() -> m.freeze(Set.of("block3_9"))).hasMessageContaining("unknown layer group");
            assertThatThrownBy(() -> m.freeze(m.layout().groups().keySet()))
                    .hasMessageContaining("nothing would train");
        }
    }

    @Test
    void aCheckpointRestoresTheModelAndOnlyItsEngineLoadsIt() throws IOException {
        try (TrainableModel m = engine().build(SPEC, OPTIMIZER, 1)) {
            m.freeze(Set.of("fc"));
            m.train(List.of(batch(7)), 0.05, 0.9);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            m.save(out);
            byte[] bytes = out.toByteArray();
            try (TrainableModel back = engine().load(new ByteArrayInputStream(bytes), "ckpt")) {
                assertThat(back.network()).isEqualTo(SPEC);
                assertThat(back.frozenGroups()).containsExactly("fc");
                assertIdentical(back.parameters(), m.parameters(), "values");
                assertIdentical(back.optimizerState(), m.optimizerState(), "optimizer state");
                assertIdentical(back.evaluate(batch(8)).logits(), m.evaluate(batch(8)).logits(), "logits");
            }
            assertThatThrownBy(() -> otherEngine().load(new ByteArrayInputStream(bytes), "ckpt-1"))
                    .isInstanceOf(EngineMismatchException.class)
                    .hasMessageStartingWith("checkpoint ckpt-1 was written by the " + engine().kind().configName()
                            + " engine");
        }
    }

    /** Bit for bit (AssertJ's containsExactly is quadratic in the length). */
    protected static void assertIdentical(float[] actual, float[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        assertThat(Arrays.equals(actual, expected)).as("%s identical", what).isTrue();
    }

    /** {@code values} with batch-norm statistics away from their start (variance 0.5..2). */
    private static float[] moved(ParameterLayout layout, float[] values) {
        float[] out = values.clone();
        SplittableRandom rng = new SplittableRandom(9);
        for (int i = 0; i < layout.blocks().size(); i++) {
            ParameterBlock b = layout.blocks().get(i);
            if (!b.role().trained() || b.role() == ParameterRole.BN_GAMMA) {
                for (int j = layout.offset(i); j < layout.offset(i) + b.length(); j++) {
                    out[j] = (float) rng.nextDouble(-0.15, 0.15);
                }
            }
        }
        return out;
    }
}
