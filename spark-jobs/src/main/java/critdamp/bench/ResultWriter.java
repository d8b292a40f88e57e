package critdamp.bench;

import critdamp.base.Json;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Appends one result to {@code <dir>/<table>.jsonl} (all fields, machine info included) and a row of its headline
 * fields to {@code <dir>/<table>.md}, so runs accumulate and can be compared. The markdown header is written when the
 * file is new, and again, after a blank line (a new table), when the headline's columns differ from the last table's
 * (a column added since, e.g. {@code engine}), so that no row lands under the wrong header. A missing value (null)
 * shows as "-".
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
            String header = "| " + String.join(" | ", headline.keySet()) + " | date |";
            String last = Files.exists(md) ? lastHeader(Files.readAllLines(md)) : null;
            if (!header.equals(last)) {
                if (Files.exists(md)) {
                    sb.append('\n');
                }
                sb.append(header).append('\n');
                sb.append("|").append("---|".repeat(headline.size() + 1)).append('\n');
            }
            sb.append("| ").append(headline.values().stream().map(ResultWriter::cell)
                    .collect(Collectors.joining(" | "))).append(" | ").append(all.get("date")).append(" |\n");
            Files.writeString(md, sb.toString(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The header line of the last table in {@code lines} (the line before its {@code |---|} rule), or null. */
    static String lastHeader(List<String> lines) {
        for (int i = lines.size() - 1; i > 0; i--) {
            if (lines.get(i).startsWith("|---")) {
                return lines.get(i - 1);
            }
        }
        return null;
    }

    private static String cell(Object v) {
        if (v == null) {
            return "-";
        }
        if (v instanceof Double d) {
            return d >= 100 ? String.format("%.0f", d) : d >= 1 ? String.format("%.2f", d) : String.format("%.3f", d);
        }
        return String.valueOf(v);
    }
}
