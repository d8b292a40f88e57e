package critdamp.retrain;

import java.util.Arrays;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Class indices from a classifier and from one-hot labels (argmax over the class axis), the inputs of
 * {@link PredictionDiff}. Predictions are in inference mode. Passes over an iterator reset it first when it can be
 * reset; to pair labels with predictions from separate passes the iterator must yield the same order every pass.
 */
public final class Predictions {
    private Predictions() {
    }

    /** The predicted class of every example (argmax of the single output, inference mode), in iterator order. */
    public static int[] predict(ComputationGraph graph, DataSetIterator data) {
        if (graph.getNumOutputArrays() != 1) {
            throw new IllegalArgumentException("a single-output classifier is needed; the graph has "
                    + graph.getNumOutputArrays() + " outputs");
        }
        IntList out = new IntList();
        resetIfPossible(data);
        while (data.hasNext()) {
            DataSet batch = data.next();
            out.addAll(argmax(graph.outputSingle(false, batch.getFeatures())));
        }
        return out.toArray();
    }

    /** The label class of every example (argmax of the one-hot labels), in iterator order. */
    public static int[] labels(DataSetIterator data) {
        IntList out = new IntList();
        resetIfPossible(data);
        while (data.hasNext()) {
            out.addAll(labels(data.next()));
        }
        return out.toArray();
    }

    /** The label classes of one minibatch. */
    public static int[] labels(DataSet batch) {
        INDArray labels = batch.getLabels();
        if (labels == null || labels.rank() != 2) {
            throw new IllegalArgumentException("one-hot labels of rank 2 [examples, classes] are needed; got "
                    + (labels == null ? "none" : "rank " + labels.rank()));
        }
        return argmax(labels);
    }

    /** Row-wise argmax of a [examples, classes] matrix; the first maximum wins ties. */
    public static int[] argmax(INDArray matrix) {
        if (matrix.rank() != 2) {
            throw new IllegalArgumentException("argmax needs a rank-2 [examples, classes] array, got shape "
                    + Arrays.toString(matrix.shape()));
        }
        long[] idx = matrix.argMax(1).toLongVector();
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = (int) idx[i];
        }
        return out;
    }

    static void resetIfPossible(DataSetIterator data) {
        if (data.resetSupported()) {
            data.reset();
        }
    }

    /** A growable int array. */
    private static final class IntList {
        private int[] values = new int[1024];
        private int size;

        void addAll(int[] more) {
            if (size + more.length > values.length) {
                values = Arrays.copyOf(values, Math.max(values.length * 2, size + more.length));
            }
            System.arraycopy(more, 0, values, size, more.length);
            size += more.length;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
