package critdamp.torch;

import critdamp.engine.ParameterBlock;
import critdamp.engine.ParameterLayout;
import critdamp.engine.ParameterRole;
import critdamp.optim.WeightDecay;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Heavy-ball SGD with L2 weight decay on libtorch, the same formulas as {@code critdamp.optim.HeavyBallSgd} with
 * {@link WeightDecay} on DL4J, and as the PyTorch peer ({@code bench/torch_peer.py}):
 * <pre>
 *   g <- grad + lambda * w     (convolution and dense weights only: not biases, not batch norm)
 *   v <- mu * v - alpha * g
 *   w <- w + v
 * </pre>
 * alpha and mu are the arguments of each {@link #apply}: the round's values the driver pins, never a value fixed when
 * the optimizer is built. The clamp of mu is the schedule's ({@code critdamp.schedule.PhysicsMomentum}), upstream.
 *
 * <p>Works on the network's flat tensors ({@link TorchParameters#trainable()}, {@link TorchParameters#gradient()}),
 * a few fused operations per step whatever the number of layers. Blocks whose tensor does not require a gradient
 * (frozen groups) are left out of the update entirely, so their values stay bit-identical and take no decay; which
 * blocks train is read again at {@link #reset}, which the model calls after every freeze.
 *
 * <p>Each step runs under {@code torch::NoGradGuard} in its own {@link PointerScope}: its temporaries are freed when
 * it returns. The velocity and the decay mask are owned here until {@link #close}. Not thread-safe.
 */
final class TorchHeavyBall implements TorchStep {
    private final TorchParameters parameters;
    private final WeightDecay weightDecay;
    /** v, trainable coordinates; 0 on frozen blocks. */
    private final Tensor velocity;
    /** lambda on the values of trained weight blocks, 0 elsewhere; null without weight decay. */
    private Tensor decayMask;
    /** {@code [start, end)} runs of trained (not frozen) values, trainable coordinates, adjacent blocks merged. */
    private List<long[]> trainedRuns;

    TorchHeavyBall(TorchParameters parameters, WeightDecay weightDecay) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.weightDecay = Objects.requireNonNull(weightDecay, "weightDecay");
        this.velocity = owned(torch.zeros_like(parameters.trainable()));
        readTrainedBlocks();
    }

    /**
     * One step with the gradient now in {@link TorchParameters#gradient()}.
     *
     * @param alpha learning rate, finite and > 0
     * @param mu    momentum, finite
     */
    @Override
    public void apply(double alpha, double mu) {
        if (!(alpha > 0) || !Double.isFinite(alpha) || !Double.isFinite(mu)) {
            throw new IllegalArgumentException("heavy-ball step needs a finite alpha > 0 and a finite mu; got alpha = "
                    + alpha + ", mu = " + mu);
        }
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Scalar a = new Scalar(alpha);
            Scalar m = new Scalar(mu);
            Tensor weights = parameters.trainable();
            Tensor gradient = parameters.gradient();
            for (long[] run : trainedRuns) {
                long start = run[0];
                long length = run[1] - run[0];
                Tensor w = weights.narrow(0, start, length);
                Tensor g = gradient.narrow(0, start, length);
                if (decayMask != null) {
                    g = g.addcmul(decayMask.narrow(0, start, length), w);
                }
                velocity.narrow(0, start, length).mul_(m).sub_(g, a);
                w.add_(velocity.narrow(0, start, length));
            }
        }
    }

    /** A copy of v, trainable coordinates. */
    @Override
    public float[] state() {
        float[] out = new float[Math.toIntExact(velocity.numel())];
        try (PointerScope hostCopy = new PointerScope()) {
            TorchDevice.host(velocity).data_ptr_float().get(out);
        }
        return out;
    }

    @Override
    public void setState(float[] state) {
        parameters.layout().requireTrainableLength(state.length);
        try (PointerScope hostCopy = new PointerScope()) {
            Tensor host = TorchDevice.host(velocity);
            host.data_ptr_float().put(state);
            TorchDevice.writeBack(velocity, host);
        }
    }

    /** v = 0, and which blocks train (and take decay) read again from the network. */
    @Override
    public void reset() {
        velocity.zero_();
        readTrainedBlocks();
    }

    private void readTrainedBlocks() {
        ParameterLayout layout = parameters.layout();
        List<ParameterBlock> blocks = layout.blocks();
        float lambda = (float) weightDecay.coefficient();
        float[] mask = weightDecay.enabled() ? new float[layout.trainableSize()] : null;
        List<long[]> runs = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            ParameterBlock b = blocks.get(i);
            if (!b.role().trained() || !parameters.tensor(i).requires_grad()) {
                continue;
            }
            long start = layout.trainableOffset(i);
            long end = start + b.length();
            long[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && last[1] == start) {
                last[1] = end;
            } else {
                runs.add(new long[] {start, end});
            }
            if (mask != null && b.role() == ParameterRole.WEIGHT) {
                java.util.Arrays.fill(mask, (int) start, (int) end, lambda);
            }
        }
        trainedRuns = List.copyOf(runs);
        if (decayMask != null) {
            decayMask.close();
            decayMask = null;
        }
        if (mask != null) {
            decayMask = owned(torch.zeros_like(parameters.trainable()));
            try (PointerScope hostCopy = new PointerScope()) {
                Tensor host = TorchDevice.host(decayMask);
                host.data_ptr_float().put(mask);
                TorchDevice.writeBack(decayMask, host);
            }
        }
    }

    /** {@code t}, kept alive past any {@link PointerScope} open around the caller, until its {@code close()}. */
    private static Tensor owned(Tensor t) {
        t.retainReference();
        return t;
    }

    @Override
    public void close() {
        velocity.close();
        if (decayMask != null) {
            decayMask.close();
            decayMask = null;
        }
    }
}
