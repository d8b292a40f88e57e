package critdamp.retrain;

import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Targeted correction: retrains only chosen layers of a trained network (the layers attribution flagged, or a control
 * choice) for a fixed budget, every other layer frozen ({@link LayerFreezing}). Optionally the training examples the
 * trained network gets wrong are oversampled ({@link MisclassifiedOversampling}). The trained graph is not changed.
 *
 * <p>The loop: the iterator is reset (when it can be), then minibatches are fitted one step each; at the end of a
 * pass the epoch count is incremented and the iterator reset for the next pass. A step budget stops after that many
 * steps, across passes as needed; an epoch budget after that many full passes.
 */
public final class TargetedRetraining {
    private TargetedRetraining() {
    }

    /**
     * The retrained network and what was done.
     *
     * @param graph the retrained network with the trained network's configuration ({@link LayerFreezing#restore})
     * @param run   the record of the retraining
     */
    public record Result(ComputationGraph graph, RetrainingRun run) {
    }

    /** {@link #run(ComputationGraph, Set, IUpdater, RetrainingBudget, int, DataSetIterator)} without oversampling. */
    public static Result run(ComputationGraph trained, Set<String> layersToTrain, IUpdater updater,
                             RetrainingBudget budget, DataSetIterator trainData) {
        return run(trained, layersToTrain, updater, budget, 1, trainData);
    }

    /**
     * Retrains {@code layersToTrain} of a copy of {@code trained} with {@code updater} for {@code budget}.
     *
     * @param misclassifiedWeight each training example the trained network misclassifies is used this many times per
     *                            visit; 1 = off
     * @param trainData           the training data; must support reset when more than one pass is needed
     * @throws IllegalArgumentException for unknown layers, weight < 1, or data that yields no minibatch
     * @throws IllegalStateException    when another pass is needed and the iterator cannot be reset
     */
    public static Result run(ComputationGraph trained, Set<String> layersToTrain, IUpdater updater,
                             RetrainingBudget budget, int misclassifiedWeight, DataSetIterator trainData) {
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(trainData, "trainData");
        if (misclassifiedWeight < 1) {
            throw new IllegalArgumentException("misclassifiedWeight = " + misclassifiedWeight
                    + ": must be >= 1 (1 = off)");
        }
        ComputationGraph net = LayerFreezing.retrainable(trained, layersToTrain, updater);
        long maxSteps = budget.unit() == BudgetUnit.STEPS ? budget.amount() : Long.MAX_VALUE;
        long maxPasses = budget.unit() == BudgetUnit.EPOCHS ? budget.amount() : Long.MAX_VALUE;
        long steps = 0;
        int passes = 0;
        long examples = 0;
        long copies = 0;
        long start = System.nanoTime();
        Predictions.resetIfPossible(trainData);
        while (passes < maxPasses && steps < maxSteps) {
            boolean sawBatch = false;
            while (steps < maxSteps && trainData.hasNext()) {
                DataSet batch = toDataSet(trainData.next());
                sawBatch = true;
                DataSet used = MisclassifiedOversampling.oversample(batch, trained, misclassifiedWeight);
                examples += used.numExamples();
                copies += used.numExamples() - batch.numExamples();
                net.fit(used);
                steps++;
            }
            if (!sawBatch) {
                throw new IllegalArgumentException("the training data yielded no minibatch");
            }
            if (trainData.hasNext()) {
                break; // step budget spent within a pass
            }
            passes++;
            net.incrementEpochCount();
            if (passes < maxPasses && steps < maxSteps) {
                if (!trainData.resetSupported()) {
                    throw new IllegalStateException("the budget of " + budget + " needs pass " + (passes + 1)
                            + " but the training iterator cannot be reset");
                }
                trainData.reset();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<String> order = TrainableLayers.paramCounts(trained).keySet().stream()
                .filter(layersToTrain::contains).toList();
        RetrainingRun run = new RetrainingRun(order, budget, misclassifiedWeight, steps, passes, examples, copies,
                seconds);
        return new Result(LayerFreezing.restore(trained, net), run);
    }

    private static DataSet toDataSet(org.nd4j.linalg.dataset.api.DataSet batch) {
        if (batch instanceof DataSet ds) {
            return ds;
        }
        return new DataSet(batch.getFeatures(), batch.getLabels(), batch.getFeaturesMaskArray(),
                batch.getLabelsMaskArray());
    }
}
