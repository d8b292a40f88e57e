package critdamp.config;

import critdamp.base.ConfigException;
import critdamp.base.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads a config file (YAML or JSON) into a typed record, applying {@code key.path=value} overrides from the command
 * line first. Errors name the file, the dotted key and what is allowed: an unknown key lists the known ones, a bad
 * value carries the record's own validation message. The sweep file ({@link SweepConfig}) is read with the same
 * pieces: {@code readTree}, {@code Setting} and {@code bind}.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = Json.strict(new ObjectMapper(new YAMLFactory()));

    private ConfigLoader() {
    }

    /** Reads a local {@code file} with {@code overrides} applied; see {@link #load(String, List, Class)}. */
    public static <T> T load(Path file, List<String> overrides, Class<T> type) {
        return load(file.toString(), overrides, type);
    }

    /**
     * Reads the config at {@code location} (a Hadoop URI such as {@code hdfs://nn/conf/x.yaml}, or a local path: see
     * {@link ConfigFile}) with {@code overrides} ("training.epochs=3", "momentum.kind=physics") applied.
     */
    public static <T> T load(String location, List<String> overrides, Class<T> type) {
        ConfigFile file = ConfigFile.of(location);
        JsonNode tree = readTree(file, "config file");
        if (tree.isMissingNode() || tree.isNull()) {
            tree = YAML.createObjectNode();
        }
        if (!tree.isObject()) {
            throw new ConfigException(file + ": the top level must be a mapping of sections");
        }
        return bind((ObjectNode) tree, overrides, type, file.toString());
    }

    /**
     * The YAML/JSON content of {@code file}, a missing node where it is empty.
     *
     * @param what names the file where it is not there ("config file", "sweep file")
     */
    static JsonNode readTree(ConfigFile file, String what) {
        if (!file.isFile()) {
            throw new ConfigException(what + " not found: " + file.fullName());
        }
        try {
            JsonNode tree = YAML.readTree(file.read());
            return tree == null ? MissingNode.getInstance() : tree;
        } catch (IOException e) {
            throw new ConfigException(file + ": not valid YAML/JSON: " + e.getMessage(), e);
        }
    }

    /** Reads a config from YAML/JSON text (tests, saved configs). */
    public static <T> T parse(String text, List<String> overrides, Class<T> type) {
        try {
            JsonNode tree = YAML.readTree(text);
            ObjectNode obj = tree == null || !tree.isObject() ? YAML.createObjectNode() : (ObjectNode) tree;
            return bind(obj, overrides, type, "<text>");
        } catch (JsonProcessingException e) {
            throw new ConfigException("not valid YAML/JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Binds {@code tree}, with {@code overrides} applied, to a {@code type}; every error is one line that starts with
     * {@code source} (the file) and names the key.
     */
    static <T> T bind(ObjectNode tree, List<String> overrides, Class<T> type, String source) {
        for (String o : overrides) {
            applyOverride(tree, o);
        }
        try {
            return YAML.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            List<String> known = e.getKnownPropertyIds() == null ? List.of()
                    : e.getKnownPropertyIds().stream().map(String::valueOf).toList();
            throw unknownKey(source, path(e), known, e);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConfigException(source + ": " + cause.getMessage(), cause);
        } catch (InvalidFormatException e) {
            Throwable cause = e.getCause();
            String msg = cause instanceof ConfigException ? cause.getMessage()
                    : "'" + e.getValue() + "' is not a valid " + e.getTargetType().getSimpleName();
            throw new ConfigException(source + ": " + path(e) + ": " + msg, e);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConfigException) {
                throw new ConfigException(source + ": " + cause.getMessage(), cause);
            }
            throw new ConfigException(source + ": " + path(e) + ": " + e.getOriginalMessage(), e);
        }
    }

    private static String path(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m) {
            return m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        return "?";
    }

    /**
     * Fails on a top-level key of {@code tree} that is not a component of {@code record}. For checking before
     * {@link #bind}, where the record's own checks (e.g. "grid: missing") would otherwise hide a misspelt key.
     */
    static void checkTopLevelKeys(ObjectNode tree, Class<? extends Record> record, String source) {
        List<String> known = Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList();
        tree.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                throw unknownKey(source, key, known, null);
            }
        });
    }

    private static ConfigException unknownKey(String source, String key, List<String> known, Exception cause) {
        return new ConfigException(source + ": unknown key '" + key + "' (known keys here: "
                + known.stream().sorted().collect(Collectors.joining(", ")) + ")", cause);
    }

    /** Applies one {@code a.b.c=value} override. */
    static void applyOverride(ObjectNode tree, String override) {
        Setting setting = Setting.parse(override, "key.path=value");
        String[] keys = setting.key().split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < keys.length - 1; i++) {
            JsonNode child = node.get(keys[i]);
            if (child == null || !child.isObject()) {
                child = node.putObject(keys[i]);
            }
            node = (ObjectNode) child;
        }
        node.set(keys[keys.length - 1], setting.value());
    }

    /**
     * One {@code key=value} from the command line. The value is read as a YAML scalar or flow value (3, 0.1, true,
     * [a, b]), else taken as text; an empty value is null.
     */
    record Setting(String key, JsonNode value) {
        /** Splits {@code text} at its first '='; {@code form} is the expected form named in the error. */
        static Setting parse(String text, String form) {
            int eq = text.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("override '" + text + "': expected " + form);
            }
            String raw = text.substring(eq + 1).trim();
            JsonNode value;
            try {
                value = raw.isEmpty() ? YAML.getNodeFactory().nullNode() : YAML.readTree(raw);
            } catch (JsonProcessingException e) {
                value = YAML.getNodeFactory().textNode(raw);
            }
            return new Setting(text.substring(0, eq).trim(), value);
        }
    }
}
