package critdamp.spark.executor;

import critdamp.engine.EngineKind;
import critdamp.engine.SavedModel;
import critdamp.engine.TrainableModel;
import critdamp.optim.OptimizerSpec;

import java.io.Serializable;

/**
 * An engine's model as the driver ships it to the executors: which network (a {@link SavedModel} line: architecture,
 * optimizer, frozen groups) and its values, plain arrays in the canonical order. {@link WorkingModels} turns it into a
 * working model on the executor. Holds copies taken when it is made (see {@link ModelBroadcast}'s notes on aliasing).
 *
 * @param engine         the engine that trains it
 * @param savedModel     {@link SavedModel#toJson()}: network, optimizer, frozen groups
 * @param parameters     every value, batch-norm statistics included ({@link TrainableModel#parameters()})
 * @param optimizerState the optimizer's state, or null: each worker starts the round from zero state
 */
public record EngineSnapshot(EngineKind engine, String savedModel, float[] parameters, float[] optimizerState)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A snapshot of {@code model} (optimized by {@code optimizer}), with its optimizer state or without. */
    public static EngineSnapshot of(TrainableModel model, OptimizerSpec optimizer, boolean withOptimizerState) {
        return new EngineSnapshot(model.engine(),
                new SavedModel(model.network(), optimizer, model.frozenGroups()).toJson(), model.parameters(),
                withOptimizerState ? model.optimizerState() : null);
    }

    /** Bytes of values it carries (4 per float). */
    public long valueBytes() {
        return 4L * (parameters.length + (optimizerState == null ? 0 : optimizerState.length));
    }
}
