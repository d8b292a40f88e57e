package critdamp.scaling;

import critdamp.base.ConfigChoice;
import critdamp.base.Json;
import critdamp.run.RunFolder;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A scaling study's table, written atomically into the study folder: {@value #JSONL} (one {@link ScalingRow} per
 * line, every field), {@value #CSV} (the same fields as columns; NaN as an empty cell) and {@value #MARKDOWN} (for
 * people: the heading lines, the table, the notes).
 */
public final class ScalingTables {
    public static final String JSONL = "scaling.jsonl";
    public static final String CSV = "scaling.csv";
    public static final String MARKDOWN = "scaling.md";
    private static final RecordComponent[] FIELDS = ScalingRow.class.getRecordComponents();

    private ScalingTables() {
    }

    /**
     * {@code rows} with each one's efficiency against its mode's smallest size K0:
     * (imagesPerSecond / K) / (imagesPerSecond(K0) / K0), i.e. imagesPerSecond / (K * imagesPerSecond at 1 worker)
     * when K0 = 1.
     */
    public static List<ScalingRow> withEfficiency(List<ScalingRow> rows) {
        List<ScalingRow> out = new ArrayList<>();
        for (ScalingRow r : rows) {
            ScalingRow base = rows.stream().filter(b -> b.mode() == r.mode())
                    .min((a, b) -> Integer.compare(a.workers(), b.workers())).orElseThrow();
            out.add(r.withEfficiency((r.imagesPerSecond() / r.workers()) / (base.imagesPerSecond() / base.workers())));
        }
        return out;
    }

    /** Writes the three files; {@code heading} and {@code notes} go above and below the Markdown table. */
    public static void write(RunFolder study, List<ScalingRow> rows, List<String> heading, List<String> notes) {
        study.writeAtomically(JSONL, jsonl(rows));
        study.writeAtomically(CSV, csv(rows));
        study.writeAtomically(MARKDOWN, markdown(rows, heading, notes));
    }

    static String jsonl(List<ScalingRow> rows) {
        return rows.stream().map(r -> Json.writeLine(r) + "\n").collect(Collectors.joining());
    }

    static String csv(List<ScalingRow> rows) {
        StringBuilder b = new StringBuilder(Arrays.stream(FIELDS).map(RecordComponent::getName)
                .collect(Collectors.joining(","))).append('\n');
        for (ScalingRow r : rows) {
            b.append(Arrays.stream(FIELDS).map(f -> cell(value(f, r))).collect(Collectors.joining(","))).append('\n');
        }
        return b.toString();
    }

    static String markdown(List<ScalingRow> rows, List<String> heading, List<String> notes) {
        StringBuilder b = new StringBuilder();
        heading.forEach(h -> b.append(h).append("\n\n"));
        b.append("| mode | workers | batch per worker | global batch | peak lr | rounds | img/s | efficiency | round s "
                + "| compute s | broadcast s | aggregation s | other s | MB per round | time to target s "
                + "| final test acc. | wall s | master | oversubscribed |\n");
        b.append("|---".repeat(19)).append("|\n");
        for (ScalingRow r : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %s | %d | %s | %s | %s | %s | %s | %s | %s "
                            + "| %s | %s | %s | %s | %s | %s |\n", r.mode().configName(), r.workers(),
                    r.perWorkerBatch(), r.globalBatch(), r.learningRate(), r.rounds(), fixed(r.imagesPerSecond(), 1),
                    fixed(r.efficiency(), 2), fixed(r.roundSeconds(), 3), fixed(r.computeSeconds(), 3),
                    fixed(r.broadcastSeconds(), 3), fixed(r.aggregateSeconds(), 3), fixed(r.otherSeconds(), 3),
                    fixed(r.bytesPerRound() / 1e6, 2), fixed(r.timeToTargetSeconds(), 0),
                    fixed(r.finalTestAccuracy(), 4), fixed(r.wallSeconds(), 0), r.master(),
                    r.oversubscribed() ? "yes" : "no"));
        }
        if (!notes.isEmpty()) {
            b.append('\n');
            notes.forEach(n -> b.append(n).append('\n'));
        }
        return b.toString();
    }

    private static Object value(RecordComponent f, ScalingRow r) {
        try {
            return f.getAccessor().invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read ScalingRow." + f.getName(), e);
        }
    }

    private static String cell(Object v) {
        if (v instanceof ConfigChoice c) {
            return c.configName();
        }
        if (v instanceof Double d && !Double.isFinite(d)) {
            return "";
        }
        String s = String.valueOf(v);
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String fixed(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "-";
    }
}
