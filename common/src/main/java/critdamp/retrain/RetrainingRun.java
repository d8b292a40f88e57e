package critdamp.retrain;

import java.util.List;

/**
 * What one targeted retraining did, for reports and for checking that arms got the same budget.
 *
 * @param layers              the layers that were trained, in network order
 * @param budget              the budget it ran for
 * @param misclassifiedWeight oversampling factor of misclassified examples (1 = off)
 * @param steps               optimizer steps taken (minibatch updates)
 * @param completedPasses     full passes over the training data completed
 * @param examplesSeen        examples in all minibatches trained on, repeated copies included
 * @param repeatedCopies      of which extra copies of misclassified examples
 * @param seconds             wall-clock seconds of the retraining loop
 */
public record RetrainingRun(List<String> layers, RetrainingBudget budget, int misclassifiedWeight, long steps,
                            int completedPasses, long examplesSeen, long repeatedCopies, double seconds) {
    public RetrainingRun {
        layers = List.copyOf(layers);
    }
}
