package critdamp.scaling;

import critdamp.base.Check;
import critdamp.base.ConfigException;

import java.util.List;
import java.util.TreeSet;

/**
 * What a scaling study varies and how, as given on the command line, validated.
 *
 * @param workers                the sizes K, each > 0, sorted ascending and distinct
 * @param modes                  strong and/or weak scaling, in this order
 * @param rule                   how the peak learning rate follows the global batch
 * @param globalBatch            strong scaling's global batch; null: the reference run's, K0 * training.batchSize
 * @param maxLearningRate        cap on every size's peak learning rate; null: none
 * @param target                 the test accuracy whose first crossing is the time to target; null: the smallest of
 *                               the config's training.targetAccuracies
 * @param stopAtTarget           stop each run at the target (training.stopAtAccuracy) instead of training the budget
 * @param masterTemplate         the Spark master with {@value ScalingMaster#PLACEHOLDER} for K
 * @param executorTimeoutSeconds how long each size's application waits for its executors
 */
public record StudySpec(List<Integer> workers, List<ScalingMode> modes, LearningRateRule rule, Integer globalBatch,
                        Double maxLearningRate, Double target, boolean stopAtTarget, String masterTemplate,
                        int executorTimeoutSeconds) {
    public StudySpec {
        if (workers == null || workers.isEmpty()) {
            throw new ConfigException("--workers: give at least one worker count, e.g. 1,2,4");
        }
        workers.forEach(k -> Check.positive("--workers", k));
        workers = List.copyOf(new TreeSet<>(workers));
        if (modes == null || modes.isEmpty()) {
            throw new ConfigException("--mode: strong, weak or both");
        }
        modes = List.copyOf(modes);
        if (globalBatch != null) {
            Check.positive("--global-batch", globalBatch);
        }
        if (maxLearningRate != null) {
            Check.positive("--max-lr", maxLearningRate);
        }
        if (target != null) {
            Check.inRange("--target", target, 0.0, 1.0);
        }
        Check.notBlank("--master", masterTemplate);
        Check.positive("--executor-timeout", executorTimeoutSeconds);
    }

    /** The smallest size K0: the reference run's. */
    public int referenceWorkers() {
        return workers.get(0);
    }
}
