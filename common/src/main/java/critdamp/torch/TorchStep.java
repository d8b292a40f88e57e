package critdamp.torch;

/**
 * The optimizer's update of a network's flat trainable tensor ({@link TorchParameters#trainable()}) from its flat
 * gradient ({@link TorchParameters#gradient()}), with its state (the velocity) in trainable coordinates.
 */
interface TorchStep extends AutoCloseable {
    /** One update with the gradient now in the flat gradient tensor; frozen values are not changed. */
    void apply(double alpha, double mu);

    /** A copy of the state. */
    float[] state();

    /** Replaces the state (same length as {@link #state()}). */
    void setState(float[] state);

    /** Sets the state to zero (after freezing, as a fresh DL4J retraining copy starts). */
    void reset();

    @Override
    void close();
}
