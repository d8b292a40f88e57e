package critdamp.scaling;

import critdamp.base.ConfigChoice;

/**
 * How a scaling study's runs grow with the number of workers K. The reference run is the study's smallest size
 * K0 with the config's per-worker batch b0 ({@code training.batchSize}): its global batch is B0 = K0 * b0.
 */
public enum ScalingMode implements ConfigChoice {
    /**
     * Strong scaling: the global batch stays B0 (or {@code --global-batch}), so each worker's batch shrinks, B / K.
     * Every size takes the same steps per epoch; ideal scaling divides the time per step by K.
     */
    STRONG,
    /**
     * Weak scaling: each worker keeps b0, so the global batch grows, K * b0. Each worker's work per step stays the
     * same while an epoch has K times fewer steps; ideal scaling keeps the time per step constant.
     */
    WEAK
}
