package critdamp.torch;

import critdamp.base.ConfigException;
import critdamp.optim.OptimizerSpec;
import critdamp.optim.WeightDecay;

/** The libtorch optimizer step for a run's optimizer ({@link OptimizerSpec}). */
final class TorchSteps {
    private TorchSteps() {
    }

    /**
     * heavy_ball: {@link TorchHeavyBall} with the run's weight decay.
     *
     * @throws ConfigException for an optimizer the torch engine does not train with (naming it and the way out)
     */
    static TorchStep create(OptimizerSpec optimizer, TorchParameters parameters) {
        WeightDecay decay = new WeightDecay(optimizer.weightDecay());
        return switch (optimizer.kind()) {
            case HEAVY_BALL -> new TorchHeavyBall(parameters, decay);
            case NESTEROV, ADAM -> throw new ConfigException("optimizer.kind = " + optimizer.kind().configName()
                    + ": the torch engine trains with heavy_ball only; use engine = dl4j for nesterov and adam");
        };
    }
}
