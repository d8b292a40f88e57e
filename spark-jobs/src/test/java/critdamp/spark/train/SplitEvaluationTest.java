package critdamp.spark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import critdamp.model.InputShape;
import critdamp.model.ModelKind;
import critdamp.model.Models;
import critdamp.optim.WeightDecay;
import critdamp.spark.testing.SharedSpark;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The one-pass evaluation against what the training loop recorded before it: DL4J's Spark {@code evaluate} (accuracy)
 * and {@code calculateScore(data, true)} (mean loss, regularization term included), on a small CNN trained a little
 * on random 3x8x8 images, with and without weight decay, over partitions of uneven and empty content.
 */
@ExtendWith(SharedSpark.class)
class SplitEvaluationTest {
    private static final int CLASSES = 10;

    @Test
    void accuracyAndLossEqualDl4jsEvaluateAndCalculateScore(JavaSparkContext sc) {
        for (WeightDecay decay : List.of(new WeightDecay(5e-3), WeightDecay.NONE)) {
            ComputationGraph model = trainedModel(decay);
            // 9 minibatches (the last one partial) over 4 partitions, one of them empty
            JavaRDD<DataSet> test = sc.parallelize(batches(9, 16, 7, 2), 4);
            JavaRDD<DataSet> validation = sc.parallelize(batches(3, 16, 0, 3), 2);

            List<SplitEvaluation.Measured> m = SplitEvaluation.of(sc, model, List.of(test, validation));

            SparkComputationGraph dl4j = new SparkComputationGraph(sc, model,
                    new ParameterAveragingTrainingMaster.Builder(1).build());
            Evaluation testEval = dl4j.evaluate(test);
            assertThat(m.get(0).examples()).isEqualTo(9 * 16 + 7);
            assertThat(m.get(0).accuracy()).as("test accuracy, decay %s", decay)
                    .isCloseTo(testEval.accuracy(), within(1e-12));
            assertThat(m.get(0).meanLoss()).as("test loss, decay %s", decay)
                    .isCloseTo(dl4j.calculateScore(test, true), within(1e-5));
            assertThat(m.get(1).accuracy()).as("validation accuracy, decay %s", decay)
                    .isCloseTo(dl4j.evaluate(validation).accuracy(), within(1e-12));
            assertThat(m.get(1).meanLoss()).isCloseTo(dl4j.calculateScore(validation, true), within(1e-5));
            assertThat(testEval.accuracy()).as("a model that predicts more than one class").isBetween(0.15, 0.99);
            if (decay.enabled()) {
                assertThat(model.calcRegularizationScore(true)).as("the decay term is in the loss").isPositive();
            }
        }
    }

    @Test
    void aSplitWithoutExamplesMeasuresNaN(JavaSparkContext sc) {
        ComputationGraph model = trainedModel(WeightDecay.NONE);
        JavaRDD<DataSet> empty = sc.parallelize(new ArrayList<DataSet>(), 2);
        SplitEvaluation.Measured m = SplitEvaluation.of(sc, model, List.of(empty)).get(0);
        assertThat(m.examples()).isZero();
        assertThat(m.accuracy()).isNaN();
        assertThat(m.meanLoss()).isNaN();
    }

    /** The small CNN on 3x8x8 inputs after a few SGD steps on random data, so its outputs are not uniform. */
    private static ComputationGraph trainedModel(WeightDecay decay) {
        ComputationGraph model = Models.build(ModelKind.SMALL_CNN, new InputShape(3, 8, 8), CLASSES, new Sgd(0.05), 7L,
                decay);
        for (DataSet b : batches(12, 32, 0, 1)) {
            model.fit(b);
        }
        return model;
    }

    /** {@code full} minibatches of {@code size} random images with one-hot labels, then one of {@code partial}. */
    private static List<DataSet> batches(int full, int size, int partial, long seed) {
        Random rnd = new Random(seed);
        List<DataSet> out = new ArrayList<>();
        for (int b = 0; b <= full; b++) {
            int n = b < full ? size : partial;
            if (n == 0) {
                continue;
            }
            float[] pixels = new float[n * 3 * 8 * 8];
            float[] oneHot = new float[n * CLASSES];
            for (int i = 0; i < n; i++) {
                int y = rnd.nextInt(CLASSES);
                oneHot[i * CLASSES + y] = 1f;
                for (int p = 0; p < 3 * 8 * 8; p++) {
                    pixels[i * 3 * 8 * 8 + p] = (float) rnd.nextGaussian();
                }
                for (int x = 0; x < 8; x++) {
                    pixels[i * 3 * 8 * 8 + (y % 3) * 64 + (y % 8) * 8 + x] += 3f; // a learnable signal: one bright row
                }
            }
            out.add(new DataSet(Nd4j.create(pixels, new long[]{n, 3, 8, 8}, 'c'),
                    Nd4j.create(oneHot, new long[]{n, CLASSES}, 'c')));
        }
        return out;
    }
}
