package critdamp.retrain;

import java.util.Arrays;
import java.util.Objects;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.SpecifiedIndex;

/**
 * Oversamples the examples a judge network gets wrong by repeating them within their minibatch: with weight w, each
 * misclassified example appears w times (the original plus w - 1 copies appended at the end of the batch), the others
 * once. Since DL4J averages the loss over the minibatch, a misclassified example then weighs w times as much as a
 * correct one in that step's gradient (the step sees a larger batch; the number of steps is unchanged). In targeted
 * retraining the judge is the trained network before retraining, so the oversampled set is fixed: the errors that
 * attribution was computed on, whatever order the iterator yields them in. Batch-norm layers being retrained see the
 * copies in their minibatch statistics.
 */
public final class MisclassifiedOversampling {
    private MisclassifiedOversampling() {
    }

    /**
     * The batch with every example that {@code judge} misclassifies (inference-mode argmax differs from the label
     * argmax) repeated {@code weight - 1} extra times; the batch itself when weight is 1 or nothing is wrong.
     *
     * @param weight >= 1
     * @throws IllegalArgumentException for weight < 1, or weight > 1 with mask arrays (not supported)
     */
    public static DataSet oversample(DataSet batch, ComputationGraph judge, int weight) {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(judge, "judge");
        if (weight < 1) {
            throw new IllegalArgumentException("misclassifiedWeight = " + weight + ": must be >= 1 (1 = off)");
        }
        if (weight == 1) {
            return batch;
        }
        if (batch.getFeaturesMaskArray() != null || batch.getLabelsMaskArray() != null) {
            throw new IllegalArgumentException("oversampling misclassified examples does not support mask arrays");
        }
        int[] labels = Predictions.labels(batch);
        int[] predicted = Predictions.argmax(judge.outputSingle(false, batch.getFeatures()));
        int n = labels.length;
        int[] rows = new int[n + (weight - 1) * n];
        int size = 0;
        for (int i = 0; i < n; i++) {
            rows[size++] = i;
        }
        for (int copy = 1; copy < weight; copy++) {
            for (int i = 0; i < n; i++) {
                if (predicted[i] != labels[i]) {
                    rows[size++] = i;
                }
            }
        }
        if (size == n) {
            return batch;
        }
        long[] index = Arrays.stream(Arrays.copyOf(rows, size)).asLongStream().toArray();
        return new DataSet(rowsOf(batch.getFeatures(), index), rowsOf(batch.getLabels(), index));
    }

    private static INDArray rowsOf(INDArray array, long[] rows) {
        INDArrayIndex[] idx = new INDArrayIndex[array.rank()];
        idx[0] = new SpecifiedIndex(rows);
        for (int d = 1; d < idx.length; d++) {
            idx[d] = NDArrayIndex.all();
        }
        return array.get(idx);
    }
}
