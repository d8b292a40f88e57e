package critdamp.torch;

/** How a forward pass treats batch normalisation. */
enum ForwardMode {
    /** Running statistics normalise; nothing changes (evaluation, and frozen layers always). */
    INFERENCE,
    /** The batch's statistics normalise and update the running ones (a training step). */
    TRAIN,
    /** The batch's statistics normalise, the running ones stay (gradients for attribution). */
    PROBE;

    /** Whether batch norms of layers that train use the batch's statistics. */
    boolean batchStatistics() {
        return this != INFERENCE;
    }
}
