package critdamp.sweep;

import critdamp.config.TrainConfig;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * One combination of a sweep's grid values and the train config it yields.
 *
 * @param name   folder-safe name from the values, e.g. {@code momentum.kind-physics__run.seed-2}
 * @param values grid key to this point's value, in grid order
 * @param config the base config with the sweep's overrides and these values applied
 */
public record SweepPoint(String name, Map<String, Object> values, TrainConfig config) {
    public SweepPoint {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }

    /** The values as people read them: {@code momentum.kind=physics,run.seed=2}. */
    public String label() {
        return label(values);
    }

    static String label(Map<String, Object> values) {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    /** This point's config, writing to {@code resultsDir/name}. */
    public TrainConfig configIn(String resultsDir) {
        return config.withRun(r -> r.withName(name).withResultsDir(resultsDir));
    }
}
