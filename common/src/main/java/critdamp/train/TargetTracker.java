package critdamp.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records when each target accuracy is first reached: the epoch and the wall time. These are the time-to-accuracy
 * figures schedules are compared by ("1.9x faster to 90%"). Runs, sweeps and studies feed it test accuracy: a
 * measurement, reported as "to test accuracy X", never used to choose anything (choices read validation accuracy).
 */
public final class TargetTracker {
    /** One target and when it was reached (epoch 0 and NaN seconds while not reached). */
    public record Crossing(double target, int epoch, double wallSeconds, boolean reached) {
    }

    private final Map<Double, Crossing> crossings = new TreeMap<>();

    public TargetTracker(List<Double> targets) {
        for (double t : targets) {
            crossings.put(t, new Crossing(t, 0, Double.NaN, false));
        }
    }

    /** Notes an epoch's accuracy (test, for time to accuracy); returns the targets newly reached by it. */
    public List<Crossing> observe(int epoch, double accuracy, double wallSeconds) {
        List<Crossing> fresh = new ArrayList<>();
        for (Map.Entry<Double, Crossing> e : crossings.entrySet()) {
            if (!e.getValue().reached() && accuracy >= e.getKey()) {
                Crossing c = new Crossing(e.getKey(), epoch, wallSeconds, true);
                e.setValue(c);
                fresh.add(c);
            }
        }
        return fresh;
    }

    public List<Crossing> crossings() {
        return List.copyOf(crossings.values());
    }
}
