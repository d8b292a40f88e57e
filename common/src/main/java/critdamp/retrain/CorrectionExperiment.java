package critdamp.retrain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Runs targeted correction and its two controls from the same trained network with the same budget, updater and
 * oversampling, and counts what each changed on an evaluation set: targeted (the flagged layers), all layers, and
 * random layers of about the flagged parameter share ({@link RetrainingControls}). The random arm excludes the
 * flagged layers when any other layer is left, so that it is a disjoint chance control. The trained network is not
 * changed. The evaluation iterator must yield the same order on every pass (no shuffling).
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
        Map<String, Long> counts = TrainableLayers.paramCounts(trained);
        LayerChoice targeted = LayerChoice.of(flagged, counts);
        LayerChoice all = LayerChoice.of(counts.keySet(), counts);
        Set<String> excluded = targeted.layers().size() < counts.size() ? targeted.nameSet() : Set.of();
        LayerChoice random = RetrainingControls.randomLayers(counts, targeted.paramShare(), excluded, seed);

        int[] labels = Predictions.labels(evalData);
        int[] before = Predictions.predict(trained, evalData);
        List<ArmResult> arms = new ArrayList<>();
        for (var arm : List.of(Map.entry(ArmKind.TARGETED, targeted), Map.entry(ArmKind.ALL_LAYERS, all),
                Map.entry(ArmKind.RANDOM_LAYERS, random))) {
            TargetedRetraining.Result r = TargetedRetraining.run(trained, arm.getValue().nameSet(), updater, budget,
                    misclassifiedWeight, trainData);
            int[] after = Predictions.predict(r.graph(), evalData);
            arms.add(ArmResult.of(arm.getKey(), arm.getValue(), r.run(), PredictionDiff.of(labels, before, after)));
        }
        return new RetrainingReport(labels.length, arms);
    }
}
