package critdamp.retrain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Runs targeted correction and its two controls ({@link RetrainingArms}: targeted, all layers, random layers) from the
 * same trained network with the same budget, updater and oversampling, and counts what each changed on an evaluation
 * set. The trained network is not changed. The evaluation iterator must yield the same order on every pass (no
 * shuffling).
 */
public final class CorrectionExperiment {
    private CorrectionExperiment() {
    }

    /**
     * @param flagged             the layers to correct (e.g. {@code LayerSelection.nameSet()})
     * @param misclassifiedWeight oversampling of training examples the trained network gets wrong (1 = off)
     * @param seed                for the random-layers control
     */
    public static RetrainingReport run(ComputationGraph trained, Set<String> flagged, IUpdater updater,
                                       RetrainingBudget budget, int misclassifiedWeight, DataSetIterator trainData,
                                       DataSetIterator evalData, long seed) {
        Objects.requireNonNull(evalData, "evalData");
        List<RetrainingArm> plan = RetrainingArms.plan(flagged, TrainableLayers.paramCounts(trained), true, seed);

        int[] labels = Predictions.labels(evalData);
        int[] before = Predictions.predict(trained, evalData);
        List<ArmResult> arms = new ArrayList<>();
        for (RetrainingArm arm : plan) {
            TargetedRetraining.Result r = TargetedRetraining.run(trained, arm.choice().nameSet(), updater, budget,
                    misclassifiedWeight, trainData);
            int[] after = Predictions.predict(r.graph(), evalData);
            arms.add(ArmResult.of(arm.kind(), arm.choice(), r.run(), PredictionDiff.of(labels, before, after)));
        }
        return new RetrainingReport(labels.length, arms);
    }
}
