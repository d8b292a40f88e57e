package critdamp.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** SMALL_CNN learns a small synthetic image task: the loss falls and held-out accuracy is far above chance. */
class SmallCnnLearningTest {
    private static final int CLASSES = 4;

    /**
     * Noise images N(0, 1) of 3x32x32 with one bright 8x8 square (+1.5 in every channel) whose position encodes the
     * class: square in quadrant k (top-left, top-right, bottom-left, bottom-right), at a random offset inside it.
     */
    private static DataSet patterns(int n, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[n * 3 * 32 * 32];
        float[] y = new float[n * CLASSES];
        for (int i = 0; i < n; i++) {
            int label = i % CLASSES;
            y[i * CLASSES + label] = 1f;
            int top = (label / 2) * 16 + rnd.nextInt(9);
            int left = (label % 2) * 16 + rnd.nextInt(9);
            for (int c = 0; c < 3; c++) {
                for (int h = 0; h < 32; h++) {
                    for (int w = 0; w < 32; w++) {
                        boolean in = h >= top && h < top + 8 && w >= left && w < left + 8;
                        x[((i * 3 + c) * 32 + h) * 32 + w] = (float) rnd.nextGaussian() + (in ? 1.5f : 0f);
                    }
                }
            }
        }
        return new DataSet(Nd4j.create(x, new long[]{n, 3, 32, 32}, DataType.FLOAT),
                Nd4j.create(y, new long[]{n, CLASSES}, DataType.FLOAT));
    }

    @Test
    void lossFallsAndHeldOutAccuracyIsHigh() {
        ComputationGraph net = Models.build(ModelKind.SMALL_CNN, InputShape.CIFAR10, CLASSES, new Adam(2e-3), 5);
        DataSet train = patterns(320, 1);
        DataSet test = patterns(200, 2);
        List<DataSet> batches = train.batchBy(32);
        List<Double> losses = new ArrayList<>();
        for (int epoch = 0; epoch < 4; epoch++) {
            for (DataSet b : batches) {
                net.fit(b);
                losses.add(net.score());
            }
        }
        double first = losses.subList(0, 3).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = losses.subList(losses.size() - 5, losses.size()).stream().mapToDouble(Double::doubleValue)
                .average().orElseThrow();
        Evaluation eval = net.evaluate(new org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator<>(
                test.batchBy(50)));
        org.slf4j.LoggerFactory.getLogger(SmallCnnLearningTest.class).info(
                "{} iterations: loss {} -> {}, held-out accuracy {}", losses.size(), first, last, eval.accuracy());
        assertThat(first).isGreaterThan(1.0); // about ln 4 = 1.39 at the start
        assertThat(last).isLessThan(0.5 * first);
        assertThat(eval.accuracy()).isGreaterThan(0.8); // chance: 0.25
    }
}
