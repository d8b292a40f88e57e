package critdamp.scaling;

/**
 * One run of a scaling study: a mode at a worker count, with the batch and learning rate its mode and the study's
 * rule give it.
 *
 * @param mode           strong or weak scaling
 * @param workers        K
 * @param perWorkerBatch each worker's minibatch ({@code training.batchSize} of the run)
 * @param globalBatch    K * perWorkerBatch
 * @param learningRate   the run's peak learning rate ({@code learningRate.baseLr})
 * @param master         the run's Spark master and executor settings
 * @param runName        the run's folder in the study folder: {@link #name()}, or the name of an earlier point
 *                       that trains exactly the same (both modes' reference run) and is measured once
 */
public record ScalingPoint(ScalingMode mode, int workers, int perWorkerBatch, int globalBatch, double learningRate,
                           ScalingMaster master, String runName) {

    /** {@code <mode>-w<K>}, e.g. {@code strong-w4}. */
    public String name() {
        return name(mode, workers);
    }

    static String name(ScalingMode mode, int workers) {
        return mode.configName() + "-w" + workers;
    }

    /** Whether this point trains in a folder of its own (not one shared with an earlier point). */
    public boolean ownsRun() {
        return runName.equals(name());
    }

    /** Whether {@code other} trains exactly as this point does. */
    boolean trainsLike(ScalingPoint other) {
        return workers == other.workers && perWorkerBatch == other.perWorkerBatch
                && learningRate == other.learningRate;
    }
}
