package critdamp.spark.executor;

import critdamp.engine.SavedModel;
import critdamp.engine.TrainableModel;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The models an executor JVM trains and evaluates with, kept between rounds: a task takes an idle one of the
 * snapshot's network (building it the first time), loads the snapshot's values, and gives it back when done. Building
 * a libtorch network each round would allocate and free its native memory every few steps; this way a JVM holds one
 * model per concurrent task, and its resident memory stays flat over an epoch.
 *
 * <p>Only one network is kept: a task asking for another (the next retraining arm, a sweep's next run in the same
 * JVM) closes the idle models of the previous one, so native memory does not grow with the number of networks.
 */
public final class WorkingModels {
    private static final Object LOCK = new Object();
    private static String key;
    private static final Deque<Idle> IDLE = new ArrayDeque<>();

    private record Idle(TrainableModel model, int stateLength) {
    }

    /** A working model: its values are the snapshot's; hand it back with {@link #release}. */
    public record Lease(TrainableModel model, String key, int stateLength) {
    }

    private WorkingModels() {
    }

    /**
     * A model of {@code snapshot}'s network holding its values (and its optimizer state, or zero state), with this
     * thread prepared for its engine ({@link Engines#prepareTaskThread}).
     */
    public static Lease acquire(EngineSnapshot snapshot) {
        Engines.prepareTaskThread(snapshot.engine());
        String wanted = snapshot.engine() + " " + snapshot.savedModel();
        Idle idle = null;
        synchronized (LOCK) {
            if (!wanted.equals(key)) {
                IDLE.forEach(i -> i.model().close());
                IDLE.clear();
                key = wanted;
            }
            idle = IDLE.pollFirst();
        }
        if (idle == null) {
            idle = build(snapshot);
        }
        TrainableModel model = idle.model();
        model.setParameters(snapshot.parameters());
        model.setOptimizerState(snapshot.optimizerState() != null ? snapshot.optimizerState()
                : new float[idle.stateLength()]);
        return new Lease(model, wanted, idle.stateLength());
    }

    /** Hands {@code lease}'s model back for the next task (closed if its network is no longer the one kept). */
    public static void release(Lease lease) {
        synchronized (LOCK) {
            if (lease.key().equals(key)) {
                IDLE.addFirst(new Idle(lease.model(), lease.stateLength()));
                return;
            }
        }
        lease.model().close();
    }

    private static Idle build(EngineSnapshot snapshot) {
        SavedModel saved = SavedModel.fromJson(snapshot.savedModel(), "the driver's snapshot");
        TrainableModel model = Engines.of(snapshot.engine()).build(saved.network(), saved.optimizer(), 0L);
        if (!saved.frozenGroups().isEmpty()) {
            model.freeze(saved.frozenGroups());
        }
        return new Idle(model, model.optimizerState().length);
    }
}
