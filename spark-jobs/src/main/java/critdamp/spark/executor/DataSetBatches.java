package critdamp.spark.executor;

import critdamp.engine.Batch;
import critdamp.model.InputShape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** A Spark minibatch ({@link DataSet}: NCHW features, one-hot labels) as an engine's {@link Batch}. */
public final class DataSetBatches {
    private DataSetBatches() {
    }

    /** The features copied in NCHW order as floats, and each example's class (the one-hot label's arg-max). */
    public static Batch of(DataSet data) {
        INDArray features = data.getFeatures();
        long[] shape = features.shape();
        if (shape.length != 4) {
            throw new IllegalArgumentException("a minibatch's features have shape " + java.util.Arrays.toString(shape)
                    + "; images are [n, channels, height, width]");
        }
        try (INDArray dense = features.castTo(DataType.FLOAT).dup('c')) {
            float[] values = dense.data().asFloat();
            int[] labels = data.getLabels().argMax(1).toIntVector();
            return new Batch(new InputShape((int) shape[1], (int) shape[2], (int) shape[3]), values, labels);
        }
    }
}
