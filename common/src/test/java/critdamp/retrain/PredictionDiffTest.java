package critdamp.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

class PredictionDiffTest {
    @Test
    void handMadeExample() {
        int[] labels = {0, 1, 2, 3, 0, 1, 2, 3};
        int[] before = {0, 1, 2, 0, 1, 1, 3, 3}; // right: 0,1,2,5,7 -> 5
        int[] after = {0, 2, 2, 3, 0, 1, 0, 3}; // right: 0,2,3,4,5,7 -> 6
        PredictionDiff d = PredictionDiff.of(labels, before, after);
        // fixed (wrong -> right): examples 3 and 4; broken (right -> wrong): example 1
        assertThat(d.fixed()).isEqualTo(2);
        assertThat(d.broken()).isEqualTo(1);
        assertThat(d.net()).isEqualTo(1);
        assertThat(d.n()).isEqualTo(8);
        assertThat(d.accuracyBefore()).isEqualTo(5 / 8.0);
        assertThat(d.accuracyAfter()).isEqualTo(6 / 8.0);
        assertThat(d).isEqualTo(direct(labels, before, after));
    }

    @Test
    void rejectsMismatchedOrEmptyArrays() {
        assertThatThrownBy(() -> PredictionDiff.of(new int[] {1}, new int[] {1, 2}, new int[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PredictionDiff.of(new int[0], new int[0], new int[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void argmaxAndLabels() {
        assertThat(Predictions.argmax(Nd4j.createFromArray(new float[][] {{0.1f, 0.7f, 0.2f}, {0.5f, 0.5f, 0f}})))
                .containsExactly(1, 0);
        List<DataSet> data = RetrainNets.quadrants(40, 16, 0.5, 9, DataType.FLOAT);
        int[] labels = Predictions.labels(RetrainNets.iterator(data));
        assertThat(labels).hasSize(40);
        assertThat(labels[17]).isEqualTo(Predictions.argmax(data.get(1).getLabels())[1]);
    }

    /** On a real tiny model before and after retraining, the diff agrees with a direct per-example loop. */
    @Test
    void agreesWithADirectLoopOnARealModel() {
        ComputationGraph trained = RetrainNets.convNet(11, DataType.FLOAT);
        List<DataSet> train = RetrainNets.quadrants(128, 32, 1.5, 12, DataType.FLOAT);
        List<DataSet> test = RetrainNets.quadrants(96, 32, 1.5, 13, DataType.FLOAT);
        RetrainNets.train(trained, train, 1);
        var it = RetrainNets.iterator(test);
        int[] labels = Predictions.labels(it);
        int[] before = Predictions.predict(trained, it);
        ComputationGraph retrainable = LayerFreezing.retrainable(trained, Set.of("fc", "out"), new Adam(0.02));
        RetrainNets.train(retrainable, train, 3);
        ComputationGraph after = LayerFreezing.restore(trained, retrainable);
        int[] afterPred = Predictions.predict(after, it);
        // predictions from the networks directly, batch by batch
        int k = 0;
        for (DataSet b : test) {
            int[] p0 = Predictions.argmax(trained.outputSingle(false, b.getFeatures()));
            int[] p1 = Predictions.argmax(after.outputSingle(false, b.getFeatures()));
            for (int i = 0; i < p0.length; i++, k++) {
                assertThat(before[k]).isEqualTo(p0[i]);
                assertThat(afterPred[k]).isEqualTo(p1[i]);
            }
        }
        PredictionDiff d = PredictionDiff.of(labels, before, afterPred);
        assertThat(d).isEqualTo(direct(labels, before, afterPred));
        assertThat(d.fixed() + d.broken()).as("retraining changed some predictions").isPositive();
    }

    private static PredictionDiff direct(int[] labels, int[] before, int[] after) {
        int fixed = 0;
        int broken = 0;
        int rb = 0;
        int ra = 0;
        for (int i = 0; i < labels.length; i++) {
            if (before[i] == labels[i]) {
                rb++;
            }
            if (after[i] == labels[i]) {
                ra++;
            }
            if (before[i] != labels[i] && after[i] == labels[i]) {
                fixed++;
            }
            if (before[i] == labels[i] && after[i] != labels[i]) {
                broken++;
            }
        }
        return new PredictionDiff(labels.length, fixed, broken, fixed - broken, rb / (double) labels.length,
                ra / (double) labels.length);
    }
}
