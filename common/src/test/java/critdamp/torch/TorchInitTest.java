package critdamp.torch;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.dl4j.Dl4jEngine;
import critdamp.engine.NetworkSpec;
import critdamp.engine.ParameterBlock;
import critdamp.engine.ParameterLayout;
import critdamp.engine.TrainableModel;
import critdamp.model.InputShape;
import critdamp.model.ModelKind;
import critdamp.optim.OptimizerKind;
import critdamp.optim.OptimizerSpec;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both engines draw initial values from the same distributions: for each weight tensor, mean and standard deviation
 * of DL4J's draws and of {@link TorchInit}'s agree with {@code N(0, 2 / fan_in)} (convolutions) or
 * {@code N(0, 2 / (fan_in + fan_out))} (the dense layer) within sampling error (6 standard errors); every other block
 * starts at the same constant in both.
 */
class TorchInitTest {
    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void theTorchDrawsFollowDl4jsDistributions(ModelKind kind) {
        NetworkSpec spec = new NetworkSpec(kind, InputShape.CIFAR10, 10);
        try (TrainableModel dl4j = new Dl4jEngine().build(spec, new OptimizerSpec(OptimizerKind.HEAVY_BALL, 0.0),
                5)) {
            ParameterLayout layout = dl4j.layout();
            float[] expected = dl4j.parameters();
            float[] actual = TorchInit.values(layout, 5);
            List<ParameterBlock> blocks = layout.blocks();
            for (int i = 0; i < blocks.size(); i++) {
                ParameterBlock b = blocks.get(i);
                float[] e = Arrays.copyOfRange(expected, layout.offset(i), layout.offset(i) + b.length());
                float[] a = Arrays.copyOfRange(actual, layout.offset(i), layout.offset(i) + b.length());
                if (b.role() == critdamp.engine.ParameterRole.WEIGHT) {
                    List<Integer> s = b.shape();
                    double sigma = Math.sqrt(2.0 / (s.size() == 4 ? s.get(1) * s.get(2) * s.get(3)
                            : s.get(0) + s.get(1)));
                    assertNormal(b + " (DL4J)", e, sigma);
                    assertNormal(b + " (torch)", a, sigma);
                } else {
                    assertThat(a).as("%s", b).containsExactly(e);
                }
            }
        }
    }

    private static void assertNormal(String what, float[] x, double sigma) {
        int n = x.length;
        double mean = 0;
        for (float v : x) {
            mean += v;
        }
        mean /= n;
        double var = 0;
        for (float v : x) {
            var += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(var / (n - 1));
        assertThat(Math.abs(mean)).as("%s mean", what).isLessThan(6 * sigma / Math.sqrt(n));
        assertThat(Math.abs(std / sigma - 1)).as("%s std %.5f vs %.5f", what, std, sigma)
                .isLessThan(6 / Math.sqrt(2.0 * n));
    }
}
