package critdamp.torch;

import critdamp.engine.Batch;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/** A {@link Batch} as libtorch tensors (copied: libtorch never sees the Java arrays). */
final class TorchBatches {
    private TorchBatches() {
    }

    /** The images, {@code [N, C, H, W]} float. */
    static Tensor features(Batch batch) {
        var s = batch.shape();
        Tensor x = torch.empty(batch.size(), s.channels(), s.height(), s.width());
        x.data_ptr_float().put(batch.features());
        return x;
    }

    /** The labels, {@code [N]} int64, as the loss takes them. */
    static Tensor labels(Batch batch) {
        long[] labels = new long[batch.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = batch.labels()[i];
        }
        Tensor y = torch.empty(new long[] {labels.length}, new TensorOptions(torch.ScalarType.Long),
                new MemoryFormatOptional());
        y.data_ptr_long().put(labels);
        return y;
    }

    /** One float per example: 1 where selected, else 0. */
    static Tensor mask(boolean[] selected) {
        float[] m = new float[selected.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = selected[i] ? 1f : 0f;
        }
        Tensor t = torch.empty(m.length);
        t.data_ptr_float().put(m);
        return t;
    }
}
