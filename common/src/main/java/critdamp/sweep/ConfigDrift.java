package critdamp.sweep;

import critdamp.base.ConfigException;
import critdamp.base.Json;
import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a point trained in an earlier session may still count when a sweep or study resumes from a file edited
 * since: the config it was trained with ({@code config.json} in its folder) against the config the file gives it now.
 * A difference in a key that changes training would put unlike runs in one table as equals, so the resume is
 * refused; a difference in a {@link #RESULT_NEUTRAL} key is not one.
 */
public final class ConfigDrift {
    /**
     * Dotted train-config keys, or whole sections, that change only what is logged or measured or where files are,
     * never the trained network or its accuracies; each with the reason. Every other key counts.
     */
    public static final Map<String, String> RESULT_NEUTRAL = Map.ofEntries(
            Map.entry("run.name", "the point's folder name, set by the sweep"),
            Map.entry("run.resultsDir", "where the point's folder is: the sweep folder may have moved"),
            Map.entry("data.cacheDir", "where fetched CIFAR-10 is kept: MD5-verified wherever it is"),
            Map.entry("data.fetchFrom", "where CIFAR-10 is fetched from: MD5-verified whatever the source"),
            Map.entry("training.targetAccuracies", "which crossings are recorded; the tables recompute them"),
            Map.entry("training.logEveryRounds", "how often the console prints a round"),
            Map.entry("training.checkpointEveryRounds", "checkpoint frequency: a point never resumes from one"),
            Map.entry("training.keepCheckpoints", "how many checkpoints stay on disk"),
            Map.entry("spark.master", "where workers run (--master); spark.workers fixes the averaging"),
            Map.entry("spark.collectTimings", "records each round's compute time, nothing else"),
            Map.entry("attribution", "a later stage's settings (attribute): a sweep point only trains"),
            Map.entry("retraining", "a later stage's settings (retrain): a sweep point only trains"));

    private ConfigDrift() {
    }

    /** The first key, in the config's order, where {@code trained} and {@code now} differ. */
    public record Difference(String key, JsonNode trained, JsonNode now) {
        /** How a value reads in the message: text as it is, anything else as JSON. */
        static String show(JsonNode value) {
            return value.isMissingNode() ? "(absent)" : value.isTextual() ? value.asText() : value.toString();
        }
    }

    /** The first difference outside {@link #RESULT_NEUTRAL}; empty when both train the same network. */
    public static Optional<Difference> first(TrainConfig trained, TrainConfig now) {
        return first("", Json.mapper().valueToTree(trained), Json.mapper().valueToTree(now));
    }

    /**
     * Refuses to count {@code point}, trained with {@code trainedJson} (the text of its {@code config.json} at
     * {@code file}, read as configs are, so a key added since takes its default), when the file now gives it
     * {@code now} (its config as a run gets it, {@link SweepPoint#configIn}).
     *
     * @throws ConfigException one line naming the point, the key, both values and the way out
     */
    public static void check(SweepPoint point, String file, String trainedJson, TrainConfig now) {
        TrainConfig trained;
        try {
            trained = ConfigLoader.parse(trainedJson, List.of(), TrainConfig.class);
        } catch (ConfigException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
        first(trained, now).ifPresent(d -> {
            throw new ConfigException("resume refused: point " + point.label() + " was trained with " + d.key()
                    + " = " + Difference.show(d.trained()) + " (" + file + "), the file now gives " + d.key() + " = "
                    + Difference.show(d.now()) + ", and its results would be compared as equals with runs trained "
                    + "otherwise: restore the file, or start a new study folder / name (name: or resultsDir:)");
        });
    }

    private static Optional<Difference> first(String key, JsonNode trained, JsonNode now) {
        if (RESULT_NEUTRAL.containsKey(key)) {
            return Optional.empty();
        }
        if (trained.isObject() && now.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            trained.fieldNames().forEachRemaining(names::add);
            now.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                Optional<Difference> d = first(key.isEmpty() ? name : key + "." + name, trained.path(name),
                        now.path(name));
                if (d.isPresent()) {
                    return d;
                }
            }
            return Optional.empty();
        }
        return trained.equals(now) ? Optional.empty() : Optional.of(new Difference(key, trained, now));
    }
}
