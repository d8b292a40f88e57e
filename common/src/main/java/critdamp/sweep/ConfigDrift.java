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
 * refused; a difference in a {@link #RESULT_NEUTRAL} key is not one. {@code train --resume} refuses alike
 * ({@link #checkResume}): a run resumed under other settings would no longer be the experiment its records describe.
 */
public final class ConfigDrift {
    /**
     * Dotted train-config keys, or whole sections, that change only what is logged or measured or where files are,
     * never the trained network or its accuracies; each with the reason. Every other key counts.
     */
    public static final Map<String, String> RESULT_NEUTRAL = Map.ofEntries(
            Map.entry("run.name", "the run's folder name (a sweep sets it per point)"),
            Map.entry("run.resultsDir", "where the run's folder is: it may have moved"),
            Map.entry("data.cacheDir", "where fetched CIFAR-10 is kept: MD5-verified wherever it is"),
            Map.entry("data.fetchFrom", "where CIFAR-10 is fetched from: MD5-verified whatever the source"),
            Map.entry("training.targetAccuracies", "which crossings are recorded; the tables recompute them"),
            Map.entry("training.logEveryRounds", "how often the console prints a round"),
            Map.entry("training.checkpointEveryRounds", "how often checkpoints are written: any of them resumes alike"),
            Map.entry("training.keepCheckpoints", "how many checkpoints stay on disk"),
            Map.entry("spark.master", "where workers run (--master); spark.workers fixes the averaging"),
            Map.entry("spark.collectTimings", "records each round's compute time, nothing else"),
            Map.entry("attribution", "a later stage's settings (attribute): training never reads them"),
            Map.entry("retraining", "a later stage's settings (retrain): training never reads them"));

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
        TrainConfig trained = trainedConfig(file, trainedJson);
        first(trained, now).ifPresent(d -> {
            throw new ConfigException("resume refused: point " + point.label() + " was trained with " + d.key()
                    + " = " + Difference.show(d.trained()) + " (" + file + "), the file now gives " + d.key() + " = "
                    + Difference.show(d.now()) + ", and its results would be compared as equals with runs trained "
                    + "otherwise: restore the file, or start a new study folder / name (name: or resultsDir:)");
        });
    }

    /**
     * A run's {@code config.json} ({@code trainedJson}, at {@code file}) read as configs are, so that a key added
     * since takes its default.
     *
     * @throws ConfigException naming the file, when it is not a valid train config
     */
    public static TrainConfig trainedConfig(String file, String trainedJson) {
        try {
            return ConfigLoader.parse(trainedJson, List.of(), TrainConfig.class);
        } catch (ConfigException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses {@code train --resume} of the run in {@code folder}, trained with {@code trained} (its config.json),
     * when the config now given ({@code now}: the file with {@code --set} applied) differs from it in
     * a key that changes training: the checkpoints were trained under the one, the rest of the run would be trained
     * under the other, and the run's records would call the mix one experiment. More epochs are asked for with
     * {@code --extend-epochs}, which the refusal of a larger {@code training.epochs} names.
     *
     * @throws ConfigException one line naming the run, the key, both values and the way out
     */
    public static void checkResume(String folder, TrainConfig trained, TrainConfig now) {
        first(trained, now).ifPresent(d -> {
            throw new ConfigException("resume refused: run " + folder + " was trained with " + d.key() + " = "
                    + Difference.show(d.trained()) + " (its config.json), the config now gives " + d.key() + " = "
                    + Difference.show(d.now()) + ", which would change the experiment part-way: "
                    + resumeWayOut(d, trained.training().epochs()));
        });
    }

    /** What to do instead: more epochs by {@code --extend-epochs}; anything else restored, or a new run. */
    private static String resumeWayOut(Difference d, int trainedEpochs) {
        if (d.key().equals("training.epochs") && d.now().canConvertToInt() && d.now().asInt() > trainedEpochs) {
            int more = d.now().asInt() - trainedEpochs;
            return "to train " + more + " more epoch" + (more == 1 ? "" : "s") + ", keep training.epochs = "
                    + trainedEpochs + " and add --extend-epochs " + more + " (see critdamp train --help for how "
                    + "they are scheduled), or train a new run (another run.name)";
        }
        return "restore " + d.key() + " (in the file or by --set), or train a new run (another run.name)";
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
