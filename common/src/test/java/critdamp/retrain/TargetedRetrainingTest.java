package critdamp.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;

class TargetedRetrainingTest {
    /**
     * A network trained, then with its dense layer's weights re-initialized (damaged); retraining only the dense and
     * output layers must reduce the training loss, and leave the other layers as they were.
     */
    @Test
    void retrainingTheFlaggedLayersReducesTrainingLoss() {
        ComputationGraph trained = RetrainNets.convNet(21, DataType.FLOAT);
        List<DataSet> train = RetrainNets.quadrants(256, 32, 0.8, 22, DataType.FLOAT);
        RetrainNets.train(trained, train, 2);
        ComputationGraph damaged = RetrainNets.convNet(99, DataType.FLOAT); // other initial weights
        trained.getLayer("fc").getParam("W").assign(damaged.getLayer("fc").getParam("W"));
        Map<String, double[]> before = RetrainNets.snapshot(trained);
        double lossBefore = RetrainNets.meanLoss(trained, train);

        TargetedRetraining.Result r = TargetedRetraining.run(trained, Set.of("out", "fc"), new Adam(0.01),
                RetrainingBudget.epochs(3), RetrainNets.iterator(train));
        double lossAfter = RetrainNets.meanLoss(r.graph(), train);
        assertThat(lossAfter).as("loss before %s", lossBefore).isLessThan(0.8 * lossBefore);

        assertThat(RetrainNets.changed(RetrainNets.snapshot(trained), before)).isEmpty();
        assertThat(RetrainNets.changed(RetrainNets.snapshot(r.graph()), before))
                .containsExactlyInAnyOrder("fc/W", "fc/b", "out/W", "out/b");
        RetrainingRun run = r.run();
        assertThat(run.layers()).containsExactly("fc", "out");
        assertThat(run.steps()).isEqualTo(3 * 8);
        assertThat(run.completedPasses()).isEqualTo(3);
        assertThat(run.examplesSeen()).isEqualTo(3 * 256);
        assertThat(run.repeatedCopies()).isZero();
        assertThat(run.seconds()).isPositive();
    }

    @Test
    void stepBudgetRunsAcrossPasses() {
        ComputationGraph trained = RetrainNets.convNet(1, DataType.FLOAT);
        List<DataSet> train = RetrainNets.quadrants(96, 32, 0.5, 2, DataType.FLOAT); // 3 batches a pass
        RetrainingRun run = TargetedRetraining.run(trained, Set.of("out"), new Adam(0.01), RetrainingBudget.steps(7),
                RetrainNets.iterator(train)).run();
        assertThat(run.steps()).isEqualTo(7);
        assertThat(run.completedPasses()).isEqualTo(2);
        assertThat(run.examplesSeen()).isEqualTo(7 * 32);
        RetrainingRun exact = TargetedRetraining.run(trained, Set.of("out"), new Adam(0.01),
                RetrainingBudget.steps(6), RetrainNets.iterator(train)).run();
        assertThat(exact.steps()).isEqualTo(6);
        assertThat(exact.completedPasses()).isEqualTo(2);
    }

    /** With weight w, each example the trained network gets wrong appears w times in its minibatch. */
    @Test
    void oversamplingRepeatsExactlyTheMisclassifiedExamples() {
        ComputationGraph judge = RetrainNets.convNet(3, DataType.FLOAT); // untrained: many errors
        DataSet batch = RetrainNets.quadrants(32, 32, 0.5, 4, DataType.FLOAT).get(0);
        int[] labels = Predictions.labels(batch);
        int[] predicted = Predictions.argmax(judge.outputSingle(false, batch.getFeatures()));
        int wrong = 0;
        for (int i = 0; i < labels.length; i++) {
            wrong += labels[i] != predicted[i] ? 1 : 0;
        }
        assertThat(wrong).isBetween(1, 31);
        DataSet o = MisclassifiedOversampling.oversample(batch, judge, 3);
        assertThat(o.numExamples()).isEqualTo(32 + 2 * wrong);
        assertThat(o.getFeatures().shape()).containsExactly(32 + 2 * wrong, 3, 8, 8);
        // the first 32 rows are the batch itself; the copies are the wrong rows, in order, twice
        assertThat(o.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 32)))
                .isEqualTo(batch.getFeatures());
        int row = 32;
        for (int copy = 0; copy < 2; copy++) {
            for (int i = 0; i < 32; i++) {
                if (labels[i] != predicted[i]) {
                    assertThat(o.getFeatures().slice(row)).isEqualTo(batch.getFeatures().slice(i));
                    assertThat(o.getLabels().getRow(row)).isEqualTo(batch.getLabels().getRow(i));
                    row++;
                }
            }
        }
        assertThat(MisclassifiedOversampling.oversample(batch, judge, 1)).isSameAs(batch);

        RetrainingRun run = TargetedRetraining.run(judge, Set.of("out"), new Adam(0.01), RetrainingBudget.steps(1), 3,
                RetrainNets.iterator(List.of(batch))).run();
        assertThat(run.repeatedCopies()).isEqualTo(2L * wrong);
        assertThat(run.examplesSeen()).isEqualTo(32L + 2 * wrong);
        assertThat(run.misclassifiedWeight()).isEqualTo(3);
    }

    @Test
    void rejectsBadArguments() {
        ComputationGraph net = RetrainNets.convNet(1, DataType.FLOAT);
        var it = RetrainNets.iterator(RetrainNets.quadrants(32, 32, 0.5, 2, DataType.FLOAT));
        assertThatThrownBy(() -> TargetedRetraining.run(net, Set.of("out"), new Adam(0.01), RetrainingBudget.steps(1),
                0, it)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TargetedRetraining.run(net, Set.of("nope"), new Adam(0.01),
                RetrainingBudget.steps(1), it)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> RetrainingBudget.steps(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrainingBudget(null, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TargetedRetraining.run(net, Set.of("out"), new Adam(0.01),
                RetrainingBudget.steps(1), RetrainNets.iterator(List.of()))).isInstanceOf(IllegalArgumentException.class);
    }
}
