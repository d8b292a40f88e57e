package critdamp.torch;

import critdamp.engine.Batch;
import critdamp.engine.CheckpointFormat;
import critdamp.engine.EngineKind;
import critdamp.engine.NetworkSpec;
import critdamp.engine.Outputs;
import critdamp.engine.ParameterLayout;
import critdamp.engine.SavedModel;
import critdamp.engine.TrainableModel;
import critdamp.optim.OptimizerSpec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * The {@link TrainableModel} contract on libtorch: a {@link TorchNetwork} and its optimizer step. Every step's
 * temporaries live in a {@link PointerScope}, so native memory does not grow with the steps.
 */
final class TorchModel implements TrainableModel {
    private final TorchNetwork network;
    private final OptimizerSpec optimizer;
    private final TorchStep step;

    TorchModel(TorchNetwork network, OptimizerSpec optimizer, TorchStep step) {
        this.network = Objects.requireNonNull(network, "network");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.step = Objects.requireNonNull(step, "step");
    }

    /** The libtorch network (tests, benchmarks). */
    TorchNetwork net() {
        return network;
    }

    @Override
    public EngineKind engine() {
        return EngineKind.TORCH;
    }

    @Override
    public NetworkSpec network() {
        return network.spec();
    }

    @Override
    public ParameterLayout layout() {
        return network.layout();
    }

    @Override
    public float[] parameters() {
        return network.parameters().values();
    }

    @Override
    public void setParameters(float[] values) {
        network.parameters().setValues(values);
    }

    @Override
    public float[] optimizerState() {
        return step.state();
    }

    @Override
    public void setOptimizerState(float[] state) {
        step.setState(state);
    }

    @Override
    public double[] train(List<Batch> batches, double alpha, double mu) {
        double[] losses = new double[batches.size()];
        for (int i = 0; i < losses.length; i++) {
            Batch batch = batches.get(i);
            batch.requireFits(network.spec().input(), network.spec().numClasses());
            try (PointerScope scope = new PointerScope()) {
                network.parameters().gradient().zero_();
                Tensor perExample = perExampleLoss(batch, ForwardMode.TRAIN);
                perExample.mean().backward();
                losses[i] = reported(perExample);
                step.apply(alpha, mu);
            }
        }
        return losses;
    }

    @Override
    public Outputs evaluate(Batch batch) {
        batch.requireFits(network.spec().input(), network.spec().numClasses());
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor logits = network.logits(onDevice(TorchBatches.features(batch)), ForwardMode.INFERENCE).contiguous();
            double loss = reported(crossEntropy(logits, batch));
            float[] values = new float[batch.size() * network.spec().numClasses()];
            TorchDevice.host(logits).data_ptr_float().get(values);
            return new Outputs(network.spec().numClasses(), values, loss);
        }
    }

    @Override
    public void addGradientSum(Batch batch, boolean[] selected, double[] sums) {
        batch.requireFits(network.spec().input(), network.spec().numClasses());
        layout().requireTrainableLength(sums.length);
        if (selected.length != batch.size()) {
            throw new IllegalArgumentException(selected.length + " flags for " + batch.size() + " examples");
        }
        boolean any = false;
        for (boolean s : selected) {
            any |= s;
        }
        if (!any) {
            return;
        }
        try (PointerScope scope = new PointerScope()) {
            network.parameters().gradient().zero_();
            perExampleLoss(batch, ForwardMode.PROBE).mul(onDevice(TorchBatches.mask(selected))).sum().backward();
        }
        float[] gradient = network.parameters().gradientValues();
        for (int j = 0; j < sums.length; j++) {
            sums[j] += gradient[j];
        }
        network.parameters().gradient().zero_();
    }

    /** Each example's cross-entropy loss, {@code [N]}, from a forward pass in {@code mode}. */
    private Tensor perExampleLoss(Batch batch, ForwardMode mode) {
        return crossEntropy(network.logits(onDevice(TorchBatches.features(batch)), mode), batch);
    }

    private Tensor crossEntropy(Tensor logits, Batch batch) {
        return torch.cross_entropy_loss(logits, onDevice(TorchBatches.labels(batch)), new TensorOptional(),
                torch.Reduction.None.value, -100, 0.0);
    }

    /** {@code t} (made on the CPU) on the network's device: itself on the CPU. */
    private Tensor onDevice(Tensor t) {
        return network.parameters().device().place(t);
    }

    /** The mean loss as DL4J reports it: each example's capped at {@link Outputs#MAX_EXAMPLE_LOSS}. */
    private static double reported(Tensor perExample) {
        return perExample.detach().clamp(new ScalarOptional(), new ScalarOptional(new Scalar(Outputs.MAX_EXAMPLE_LOSS)))
                .mean().item_double();
    }

    @Override
    public void freeze(Set<String> groups) {
        if (groups.containsAll(layout().groups().keySet())) {
            throw new IllegalArgumentException("cannot freeze every group " + groups + ": nothing would train");
        }
        network.freeze(groups);
        step.reset();
    }

    @Override
    public Set<String> frozenGroups() {
        return network.frozenGroups();
    }

    /**
     * The header line, then the {@link SavedModel} line, the values as libtorch holds them
     * ({@link TorchParameters#rawValues()}, so that a resumed run continues bit for bit) and the optimizer state.
     */
    @Override
    public void save(OutputStream out) throws IOException {
        CheckpointFormat.writeHeader(out, EngineKind.TORCH);
        DataOutputStream data = new DataOutputStream(out);
        data.writeUTF(new SavedModel(network.spec(), optimizer, network.frozenGroups()).toJson());
        writeFloats(data, network.parameters().rawValues());
        writeFloats(data, optimizerState());
        data.flush();
    }

    /** Reads what {@link #save} wrote after its header, into a model {@code engine} builds. */
    static TorchModel load(InputStream payload, String source, TorchEngine engine) throws IOException {
        DataInputStream data = new DataInputStream(payload);
        SavedModel saved = SavedModel.fromJson(data.readUTF(), source);
        float[] values = readFloats(data, source);
        float[] state = readFloats(data, source);
        TorchModel model = engine.create(saved.network(), saved.optimizer());
        try {
            model.network.parameters().setRawValues(values);
            if (!saved.frozenGroups().isEmpty()) {
                model.freeze(saved.frozenGroups());
            }
            model.setOptimizerState(state);
        } catch (RuntimeException e) {
            model.close();
            throw new IOException("checkpoint " + source + ": " + e.getMessage(), e);
        }
        return model;
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        ByteBuffer buf = ByteBuffer.allocate(values.length * Float.BYTES);
        buf.asFloatBuffer().put(values);
        out.write(buf.array());
    }

    private static float[] readFloats(DataInputStream in, String source) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("checkpoint " + source + ": corrupt (negative length " + n + ")");
        }
        byte[] bytes = in.readNBytes(n * Float.BYTES);
        if (bytes.length != n * Float.BYTES) {
            throw new IOException("checkpoint " + source + ": truncated");
        }
        float[] out = new float[n];
        ByteBuffer.wrap(bytes).asFloatBuffer().get(out);
        return out;
    }

    @Override
    public void close() {
        step.close();
        network.close();
    }
}
