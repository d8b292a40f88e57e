package critdamp.sweep;

import critdamp.base.Json;
import critdamp.base.ConfigException;
import critdamp.config.ConfigLoader;
import critdamp.config.SweepConfig;
import critdamp.config.TrainConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Expands a {@link SweepConfig} into its points: the cartesian product of the grid in a fixed order (the first grid
 * key varies slowest, values in file order), each with its train config built and validated up front, so a
 * misspelt key or a bad value fails before any training starts.
 */
public final class SweepGrid {
    /** Folder names longer than this are shortened and made unique with a hash of the full name. */
    static final int MAX_NAME = 120;

    private SweepGrid() {
    }

    /** All points of {@code sweep}, in run order. */
    public static List<SweepPoint> expand(SweepConfig sweep) {
        List<Map<String, Object>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Object>> axis : sweep.grid().entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> c : combos) {
                for (Object v : axis.getValue()) {
                    Map<String, Object> m = new LinkedHashMap<>(c);
                    m.put(axis.getKey(), v);
                    next.add(m);
                }
            }
            combos = next;
        }
        List<SweepPoint> points = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        for (Map<String, Object> values : combos) {
            Map<String, Object> settings = new LinkedHashMap<>(sweep.overrides());
            settings.putAll(values);
            SweepPoint p = point(sweep.base(), settings, values);
            String clash = names.put(p.name(), p.label());
            if (clash != null) {
                throw new ConfigException("grid: points '" + clash + "' and '" + p.label() + "' get the same folder "
                        + "name '" + p.name() + "'; make the values differ in letters or digits");
            }
            points.add(p);
        }
        return points;
    }

    /**
     * One point: labelled and named by {@code values}, its config the train config at {@code base} with
     * {@code settings} (dotted train-config keys from the sweep file, applied in order) and its {@code run.name}, built
     * and validated now.
     */
    public static SweepPoint point(String base, Map<String, Object> settings, Map<String, Object> values) {
        return point(base, settings, values, UnaryOperator.identity());
    }

    /**
     * As {@link #point(String, Map, Map)}, with {@code derive} applied after the settings: what the program sets
     * itself (a learning-rate study's rate and seed), as a typed copy. The values need not be config keys (a study
     * labels its points by schedule name, whose settings are several keys); a failure names the point either way.
     */
    public static SweepPoint point(String base, Map<String, Object> settings, Map<String, Object> values,
                                   UnaryOperator<TrainConfig> derive) {
        String name = folderName(values);
        String label = SweepPoint.label(values);
        List<String> overrides = new ArrayList<>();
        settings.forEach((k, v) -> overrides.add(k + "=" + Json.writeLine(v)));
        try {
            TrainConfig config = derive.apply(ConfigLoader.load(base, overrides, TrainConfig.class));
            return new SweepPoint(name, values, config.withRun(r -> r.withName(name)));
        } catch (ConfigException e) {
            throw new ConfigException("sweep point " + label + ": " + e.getMessage(), e);
        }
    }

    /**
     * A folder-safe name: {@code key-value} pairs joined by {@code __}, characters other than letters, digits, '.'
     * and '-' replaced by '_'; shortened with a hash suffix past {@value #MAX_NAME} characters.
     */
    public static String folderName(Map<String, Object> values) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (b.length() > 0) {
                b.append("__");
            }
            b.append(e.getKey()).append('-').append(String.valueOf(e.getValue()).replaceAll("[^A-Za-z0-9.-]", "_"));
        }
        String name = b.toString();
        if (name.length() <= MAX_NAME) {
            return name;
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return name.substring(0, MAX_NAME - 9) + "-" + HexFormat.of().formatHex(h, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
