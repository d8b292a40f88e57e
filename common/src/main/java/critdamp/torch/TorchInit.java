package critdamp.torch;

import critdamp.engine.ParameterBlock;
import critdamp.engine.ParameterLayout;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The initial values of a network, as DL4J draws them for critdamp's networks ({@code critdamp.model.GraphWriter}):
 * convolution kernels He-normal, {@code N(0, 2 / fan_in)} with {@code fan_in = in * kh * kw} (DL4J's
 * {@code WeightInit.RELU}); the dense weight Xavier-normal, {@code N(0, 2 / (in + out))} ({@code WeightInit.XAVIER});
 * the dense bias 0; batch norms gamma 1, beta 0, running mean 0, running deviation 1 ({@code log10} 0). The same
 * distributions from Java's own seeded generator: not DL4J's draws.
 */
final class TorchInit {
    private TorchInit() {
    }

    /** The canonical vector of initial values for {@code layout}, drawn from {@code seed}. */
    static float[] values(ParameterLayout layout, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] out = new float[layout.size()];
        List<ParameterBlock> blocks = layout.blocks();
        for (int i = 0; i < blocks.size(); i++) {
            ParameterBlock b = blocks.get(i);
            int from = layout.offset(i);
            switch (b.role()) {
                case WEIGHT -> {
                    double std = Math.sqrt(2.0 / fanSum(b));
                    for (int j = from; j < from + b.length(); j++) {
                        out[j] = (float) (rng.nextGaussian() * std);
                    }
                }
                case BN_GAMMA -> Arrays.fill(out, from, from + b.length(), 1f);
                case BIAS, BN_BETA, BN_MEAN, BN_LOG10_STD -> {
                    // zero
                }
                default -> throw new IllegalStateException("no initialisation for " + b);
            }
        }
        return out;
    }

    /** He: fan_in for a kernel {@code [out, in, kh, kw]}; Xavier: fan_in + fan_out for a dense {@code [out, in]}. */
    private static int fanSum(ParameterBlock w) {
        List<Integer> s = w.shape();
        return s.size() == 4 ? s.get(1) * s.get(2) * s.get(3) : s.get(0) + s.get(1);
    }
}
