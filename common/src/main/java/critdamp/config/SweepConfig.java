package critdamp.config;

import critdamp.base.ConfigException;
import critdamp.base.Check;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep: one base train config and a grid of dotted train-config keys to values; every combination (cartesian
 * product) is one training run. Read from a YAML file under {@code conf/} by {@link #load}, through
 * {@link ConfigLoader} as train configs are, so unknown keys and bad values fail alike. Whether each grid key names a
 * real train-config key is checked when the points are built ({@code critdamp.sweep.SweepGrid}), before any training.
 *
 * <pre>
 * name: schedules
 * base: conf/cifar10-small-cnn.yaml
 * resultsDir: runs/sweeps
 * overrides: {training.epochs: 5}           # applied to every point (nested sections work too)
 * grid:
 *   momentum.kind: [constant, physics, hybrid]
 *   run.seed: [1, 2, 3]
 * </pre>
 *
 * @param name       sweep name; the sweep folder is {@code resultsDir/name}
 * @param base       the train config every point starts from: a Hadoop URI or a local path (relative: to the
 *                   working directory, else to the sweep file's directory or its parent, on the sweep file's file
 *                   system)
 * @param resultsDir any Hadoop path or local directory holding sweep folders
 * @param grid       dotted train-config key to the values it takes, in file order (the first key varies slowest)
 * @param overrides  dotted train-config key to a value applied to every point before the grid values
 */
public record SweepConfig(String name, String base, String resultsDir, Map<String, List<Object>> grid,
                          Map<String, Object> overrides) {
    /** Keys the sweep sets for each point itself. */
    public static final Set<String> RESERVED_KEYS = Set.of("run.name", "run.resultsDir");
    /** The grid key whose values are seeds: points that differ only in it are summarised together. */
    public static final String SEED_KEY = "run.seed";
    /** The top-level keys a {@code key=value} on the command line sets as they are; other keys go elsewhere. */
    private static final Set<String> FIELDS = Set.of("name", "base", "resultsDir");

    public SweepConfig {
        name = Check.folderName("name", name == null ? "sweep" : name);
        base = Check.notBlank("base", base);
        resultsDir = Check.notBlank("resultsDir", resultsDir == null ? "runs/sweeps" : resultsDir);
        grid = checkGrid(grid);
        overrides = checkOverrides(overrides, grid.keySet());
    }

    private static Map<String, List<Object>> checkGrid(Map<String, List<Object>> grid) {
        if (grid == null || grid.isEmpty()) {
            throw new ConfigException("grid: must map at least one train-config key to a list of values "
                    + "(e.g. grid: {momentum.kind: [constant, physics]})");
        }
        Map<String, List<Object>> g = new LinkedHashMap<>();
        grid.forEach((key, values) -> g.put(checkKey("grid", key), checkAxis(key, values)));
        return Collections.unmodifiableMap(g);
    }

    /** One grid axis: at least one value, no nulls, none twice. */
    private static List<Object> checkAxis(String key, List<Object> values) {
        if (values == null || values.isEmpty()) {
            throw new ConfigException("grid." + key + ": must list at least one value");
        }
        Set<String> seen = new HashSet<>();
        for (Object v : values) {
            if (v == null) {
                throw new ConfigException("grid." + key + ": null value in " + values);
            }
            if (!seen.add(String.valueOf(v))) {
                throw new ConfigException("grid." + key + ": value '" + v + "' is listed twice");
            }
        }
        return List.copyOf(values);
    }

    /** The overrides flattened to dotted keys, none of them a grid key. */
    private static Map<String, Object> checkOverrides(Map<String, Object> overrides, Set<String> gridKeys) {
        Map<String, Object> o = flatten(overrides);
        for (String key : o.keySet()) {
            checkKey("overrides", key);
            if (gridKeys.contains(key)) {
                throw new ConfigException("overrides." + key + ": also a grid key; set it in one place only");
            }
        }
        return Collections.unmodifiableMap(o);
    }

    private static String checkKey(String where, String key) {
        if (key == null || !key.matches("[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)+")) {
            throw new ConfigException(where + ": '" + key + "' is not a dotted train-config key such as "
                    + "momentum.kind or learningRate.baseLr");
        }
        if (RESERVED_KEYS.contains(key)) {
            throw new ConfigException(where + "." + key + ": set by the sweep itself for every point "
                    + "(run.resultsDir = <sweep folder>/points, run.name = the point's name)");
        }
        return key;
    }

    /**
     * Settings with nested sections flattened to dotted keys ({@code training: {epochs: 5}} is {@code training.epochs}),
     * in the order written; a key written twice takes its later value and place, so the order of application is the
     * order of writing. Null is none. The rule of every file of dotted settings (sweeps, learning-rate studies).
     */
    public static Map<String, Object> flatten(Map<String, Object> settings) {
        Map<String, Object> flat = new LinkedHashMap<>();
        if (settings != null) {
            flatten("", settings, flat);
        }
        return flat;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> map, Map<String, Object> out) {
        for (Map.Entry<String, Object> e : map.entrySet()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue() instanceof Map<?, ?> m) {
                flatten(key, (Map<String, Object>) m, out);
            } else {
                out.remove(key); // re-inserted last: the order of application is the order of writing
                out.put(key, e.getValue());
            }
        }
    }

    /** The grid keys other than {@link #SEED_KEY}: what tells the seed groups apart. */
    public List<String> groupKeys() {
        return grid.keySet().stream().filter(k -> !k.equals(SEED_KEY)).toList();
    }

    /** Number of points: the product of the grid's list sizes. */
    public long size() {
        long n = 1;
        for (List<Object> v : grid.values()) {
            n *= v.size();
        }
        return n;
    }

    /**
     * Reads a sweep file with command-line overrides. {@code name=}, {@code base=} and {@code resultsDir=} set the
     * sweep's fields; {@code grid.<key>=[v1, v2]} replaces (or adds) one grid axis; any other {@code key=value} is a
     * train-config override for every point (e.g. {@code training.epochs=2}).
     */
    public static SweepConfig load(Path file, List<String> sets) {
        return load(file.toString(), sets);
    }

    /** As {@link #load(Path, List)}, for a sweep file at any Hadoop URI or local path (see {@link ConfigFile}). */
    public static SweepConfig load(String location, List<String> sets) {
        ConfigFile file = ConfigFile.of(location);
        if (!(ConfigLoader.readTree(file, "sweep file") instanceof ObjectNode root)) {
            throw new ConfigException(file + ": the top level must be a mapping (name, base, grid, ...)");
        }
        ConfigLoader.checkTopLevelKeys(root, SweepConfig.class, file.toString());
        for (String set : sets) {
            applySet(root, ConfigLoader.Setting.parse(set, "key=value"));
        }
        SweepConfig cfg = ConfigLoader.bind(root, List.of(), SweepConfig.class, file.toString());
        return new SweepConfig(cfg.name(), resolveBase(file, cfg.base()), cfg.resultsDir(), cfg.grid(),
                cfg.overrides());
    }

    /** Sets a sweep field as given, {@code grid.<key>} as one axis (one value: a list of one), else an override. */
    private static void applySet(ObjectNode root, ConfigLoader.Setting set) {
        String key = set.key();
        JsonNode value = set.value();
        if (FIELDS.contains(key)) {
            root.set(key, value);
        } else if (key.startsWith("grid.")) {
            ArrayNode list = value.isArray() ? (ArrayNode) value : root.arrayNode().add(value);
            section(root, "grid").set(key.substring("grid.".length()), list);
        } else {
            section(root, "overrides").set(key, value);
        }
    }

    /** The mapping under {@code key}, a new one where there is none. */
    private static ObjectNode section(ObjectNode root, String key) {
        return root.get(key) instanceof ObjectNode node ? node : root.putObject(key);
    }

    /**
     * Where the base config is: a URI or absolute path as given; a relative path first against the working
     * directory, then next to the sweep file, then one level up (base: conf/x.yaml in conf/sweep-y.yaml, run from
     * anywhere). Next to the sweep file means on its file system: a sweep on HDFS finds its base on HDFS. The rule of
     * every file that names a base config (sweeps, learning-rate studies).
     */
    public static String resolveBase(ConfigFile sweepFile, String base) {
        ConfigFile b = ConfigFile.of(base);
        List<String> tried = new ArrayList<>(List.of(b.fullName()));
        if (b.isFile()) {
            return base;
        }
        ConfigFile dir = sweepFile.parent();
        for (int up = 0; up < 2 && b.isRelative() && dir != null; up++, dir = dir.parent()) {
            ConfigFile beside = dir.resolve(base);
            tried.add(beside.fullName());
            if (beside.isFile()) {
                return beside.fullName();
            }
        }
        throw new ConfigException(sweepFile + ": base = '" + base + "': train config not found (looked at " + tried + ")");
    }
}
