package critdamp.bench;

import critdamp.base.Json;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Appends one result to {@code <dir>/<table>.jsonl} (all fields, machine info included) and a row of its headline
 * fields to {@code <dir>/<table>.md} (header written when the file is new), so runs accumulate and can be compared.
 */
final class ResultWriter {
    private final Path dir;
    private final String table;

    ResultWriter(Path dir, String table) {
        this.dir = dir;
        this.table = table;
    }

    /**
     * @param headline the fields shown in the markdown row, in order
     * @param details  further fields for the JSON line only
     */
    void append(Map<String, Object> headline, Map<String, Object> details) {
        Map<String, Object> all = new LinkedHashMap<>(headline);
        all.putAll(details);
        all.putAll(MachineInfo.current().asMap());
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(table + ".jsonl"), Json.mapper().writer()
                    .without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(all) + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Path md = dir.resolve(table + ".md");
            StringBuilder sb = new StringBuilder();
            if (!Files.exists(md)) {
                sb.append("| ").append(String.join(" | ", headline.keySet())).append(" | date |\n");
                sb.append("|").append("---|".repeat(headline.size() + 1)).append('\n');
            }
            sb.append("| ").append(headline.values().stream().map(ResultWriter::cell)
                    .collect(Collectors.joining(" | "))).append(" | ").append(all.get("date")).append(" |\n");
            Files.writeString(md, sb.toString(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String cell(Object v) {
        if (v instanceof Double d) {
            return d >= 100 ? String.format("%.0f", d) : d >= 1 ? String.format("%.2f", d) : String.format("%.3f", d);
        }
        return String.valueOf(v);
    }
}
