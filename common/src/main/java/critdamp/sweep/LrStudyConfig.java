package critdamp.sweep;

import critdamp.base.Check;
import critdamp.base.ConfigException;
import critdamp.config.SweepConfig;
import critdamp.config.ConfigFile;
import critdamp.config.ConfigLoader;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A learning-rate study (issue #18): each momentum schedule at its own best learning rate, chosen on validation
 * accuracy, then several seeds at that rate, measured on the test set. Read from a YAML file under {@code conf/} by
 * {@link #load}; the train config of every run is the base with {@code overrides}, the schedule's settings, the rate
 * and the seed applied, built and validated before anything trains.
 *
 * <pre>
 * name: lr-study
 * base: conf/cifar10-small-cnn.yaml
 * overrides: {training.epochs: 12, data.maxTrainRecords: 12000}
 * schedules:
 *   constant: {momentum.kind: constant, momentum.value: 0.9}
 *   physics: {momentum.kind: physics}
 * search: {lowest: 0.0125, points: 6, factor: 2, maxExtensions: 4, basinTolerance: 0.01, minRates: 6}
 * seeds: [1, 2, 3]                 # the first is the search's seed and counts as one of them
 * targetFractions: [0.9, 0.95]     # of the best schedule's mean final test accuracy
 * ceiling: {epochs: 40, schedule: constant, learningRate: 0.05}   # or schedule: best, no rate: the study's
 * </pre>
 *
 * @param name            study name; the study folder is {@code resultsDir/name}
 * @param base            the train config every run starts from (resolved as a sweep's base: working directory,
 *                        then next to this file or one level up)
 * @param resultsDir      any Hadoop path or local directory holding study folders (default runs/studies)
 * @param overrides       dotted train-config key to a value, for every run
 * @param schedules       schedule name (letters, digits, '.', '_', '-') to its dotted train-config settings, in order
 * @param search          the rate search ({@link RateSearch.Settings}; defaults: 0.0125 x 2^k, 6 points, 4 extensions,
 *                        basin within 0.01)
 * @param seeds           seeds of the final comparison at each schedule's best rate; the first is the search's
 *                        (default [1, 2, 3])
 * @param targetFractions time-to-accuracy targets as fractions of the best schedule's mean final test accuracy
 *                        (default [0.9, 0.95])
 * @param ceiling         the long run that measures the network's plateau ({@code --ceiling}; default: 40 epochs of
 *                        the best schedule at its chosen rate)
 * @param secondsPerEpoch one epoch's wall time with its evaluation, for the dry run's estimate only (default 50)
 */
public record LrStudyConfig(String name, String base, String resultsDir, Map<String, Object> overrides,
                            Map<String, Map<String, Object>> schedules, RateSearch.Settings search, List<Long> seeds,
                            List<Double> targetFractions, Ceiling ceiling, Double secondsPerEpoch) {
    /** The label key of a run's schedule (its folder name starts {@code schedule-<name>}). */
    public static final String SCHEDULE_KEY = "schedule";
    /**
     * The label keys of a run's rate, seed and (the ceiling's) epochs, spelled as the config keys they stand for. Only
     * labels: they name the run's folder ({@code schedule-physics__learningRate.baseLr-1.6__run.seed-1}), which a
     * resumed study finds its runs by; the values reach the config as typed copies ({@link LrStudyPlan.Run#appliedTo}).
     */
    public static final String RATE_KEY = "learningRate.baseLr";
    public static final String SEED_KEY = "run.seed";
    public static final String EPOCHS_KEY = "training.epochs";
    /** Keys the study sets for each run itself. */
    static final Set<String> RESERVED_KEYS = Set.of(RATE_KEY, SEED_KEY, "run.name", "run.resultsDir");
    private static final Set<String> FIELDS = Set.of("name", "base", "resultsDir", "overrides", "schedules", "search",
            "seeds", "targetFractions", "ceiling", "secondsPerEpoch");

    /**
     * The ceiling run: one schedule at one rate and the first seed, trained for {@code epochs}, to measure how close
     * the study's budget comes to the network's plateau. With a fixed schedule and rate it can run before the study
     * (to check the budget first); otherwise it needs the study's choices.
     *
     * @param epochs       its budget (default 40)
     * @param schedule     a schedule's name, or {@code best} (default): the schedule with the highest mean final
     *                     validation accuracy, once the study is complete
     * @param learningRate its rate; null (default): the schedule's rate chosen by the study
     */
    public record Ceiling(Integer epochs, String schedule, Double learningRate) {
        public static final String BEST = "best";

        public Ceiling {
            epochs = epochs == null ? 40 : epochs;
            if (epochs < 1) {
                throw new ConfigException("ceiling.epochs = " + epochs + ": must be >= 1");
            }
            schedule = schedule == null ? BEST : schedule;
            if (learningRate != null && !(learningRate > 0)) {
                throw new ConfigException("ceiling.learningRate = " + learningRate + ": must be > 0 (or absent: the "
                        + "study's choice)");
            }
        }
    }

    public LrStudyConfig {
        name = Check.folderName("name", name == null ? "lr-study" : name);
        if (base == null || base.isBlank()) {
            throw new ConfigException("base: missing (the train config every run starts from, e.g. "
                    + "conf/cifar10-small-cnn.yaml)");
        }
        resultsDir = resultsDir == null ? "runs/studies" : resultsDir;
        overrides = checkSettings("overrides", overrides);
        schedules = checkSchedules(schedules);
        search = search == null ? RateSearch.Settings.defaults() : search;
        seeds = checkSeeds(seeds);
        targetFractions = checkFractions(targetFractions);
        ceiling = ceiling == null ? new Ceiling(null, null, null) : ceiling;
        if (!ceiling.schedule().equals(Ceiling.BEST) && !schedules.containsKey(ceiling.schedule())) {
            throw new ConfigException("ceiling.schedule = '" + ceiling.schedule() + "': not a schedule of this study "
                    + "(" + String.join(", ", schedules.keySet()) + ") nor 'best'");
        }
        secondsPerEpoch = secondsPerEpoch == null ? 50.0 : secondsPerEpoch;
        if (!(secondsPerEpoch > 0)) {
            throw new ConfigException("secondsPerEpoch = " + secondsPerEpoch + ": must be > 0");
        }
    }

    /**
     * What a study costs, from {@code secondsPerEpoch}: {@code search.minRates} rates and the other seeds at least,
     * one rate more per schedule expected, every extension allowed at most (a diverging run ends early, so these are
     * upper bounds).
     *
     * @param minRuns        the minimum rates plus seeds
     * @param expectedRuns   plus one extension per schedule
     * @param maxRuns        plus every extension allowed
     * @param secondsPerRun  one run's estimated wall time
     * @param ceilingSeconds the ceiling run's estimated wall time
     */
    public record Estimate(int minRuns, int expectedRuns, int maxRuns, double secondsPerRun, double ceilingSeconds) {
    }

    /** The estimate for runs of {@code epochs} epochs. */
    public Estimate estimate(int epochs) {
        int n = schedules.size();
        int rates = search.minRates();
        int mostRates = search.points() + search.maxExtensions();
        int others = seeds.size() - 1;
        return new Estimate(n * (rates + others), n * (Math.min(rates + 1, mostRates) + others),
                n * (mostRates + others), epochs * secondsPerEpoch, ceiling.epochs() * secondsPerEpoch);
    }

    /** The search's seed: the first of {@link #seeds}. */
    public long searchSeed() {
        return seeds.get(0);
    }

    /**
     * Reads a study file with command-line settings: {@code key=value} where key starts with a field of this record
     * ({@code search.points=3}, {@code seeds=[1]}, {@code ceiling.epochs=20}) sets it; any other key is a train-config
     * override for every run ({@code training.epochs=2}). Settings win over the file.
     */
    public static LrStudyConfig load(String location, List<String> sets) {
        List<String> routed = new ArrayList<>();
        for (String set : sets) {
            String key = set.contains("=") ? set.substring(0, set.indexOf('=')).trim() : set;
            routed.add(FIELDS.contains(key.split("\\.")[0]) ? set : "overrides." + set);
        }
        ConfigFile file = ConfigFile.of(location);
        LrStudyConfig c = ConfigLoader.load(location, routed, LrStudyConfig.class);
        return new LrStudyConfig(c.name(), SweepConfig.resolveBase(file, c.base()), c.resultsDir(), c.overrides(),
                c.schedules(), c.search(), c.seeds(), c.targetFractions(), c.ceiling(), c.secondsPerEpoch());
    }

    private static Map<String, Map<String, Object>> checkSchedules(Map<String, Map<String, Object>> schedules) {
        if (schedules == null || schedules.isEmpty()) {
            throw new ConfigException("schedules: must name at least one schedule and its settings (e.g. schedules: "
                    + "{physics: {momentum.kind: physics}})");
        }
        Map<String, Map<String, Object>> s = new LinkedHashMap<>();
        schedules.forEach((name, settings) -> s.put(Check.folderName("schedules." + name, name),
                checkSettings("schedules." + name, settings)));
        return Collections.unmodifiableMap(s);
    }

    /** Settings flattened to dotted keys (a later key wins over an earlier one), none of them the study's own. */
    private static Map<String, Object> checkSettings(String where, Map<String, Object> settings) {
        Map<String, Object> flat = SweepConfig.flatten(settings);
        for (String key : flat.keySet()) {
            if (RESERVED_KEYS.contains(key)) {
                throw new ConfigException(where + "." + key + ": set by the study itself for each run (the rate "
                        + "from the search, the seed from seeds, the name and folder from the point)");
            }
        }
        return Collections.unmodifiableMap(flat);
    }

    private static List<Long> checkSeeds(List<Long> seeds) {
        List<Long> s = seeds == null ? List.of(1L, 2L, 3L) : List.copyOf(seeds);
        if (s.isEmpty() || new HashSet<>(s).size() != s.size()) {
            throw new ConfigException("seeds = " + s + ": at least one, none twice");
        }
        return s;
    }

    private static List<Double> checkFractions(List<Double> fractions) {
        List<Double> f = fractions == null ? List.of(0.9, 0.95) : List.copyOf(fractions);
        for (double x : f) {
            if (!(x > 0 && x <= 1)) {
                throw new ConfigException("targetFractions = " + f + ": each in (0, 1]");
            }
        }
        return f;
    }
}
