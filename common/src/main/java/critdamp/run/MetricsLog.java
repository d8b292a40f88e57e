package critdamp.run;


import critdamp.base.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Metrics as JSON lines ({@code metrics.jsonl}): one object per record. Hadoop file systems such as S3 cannot append,
 * so the whole file is rewritten atomically after each record (it stays small: one line per round).
 *
 * @param <T> the record type (a Java record serialised by Jackson)
 */
public final class MetricsLog<T> {
    private final RunFolder folder;
    private final String file;
    private final List<String> lines = new ArrayList<>();

    public MetricsLog(RunFolder folder, String file) {
        this.folder = folder;
        this.file = file;
        if (folder.exists(file)) {
            for (String line : folder.readString(file).split("\n")) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
        }
    }

    /** Lines already written (e.g. before a resume). */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    public synchronized void append(T record) {
        lines.add(Json.writeLine(record));
        folder.writeAtomically(file, String.join("\n", lines) + "\n");
    }

    /**
     * Keeps only the first {@code n} lines (resume: drop records past the checkpoint that is resumed). Writes nothing
     * when there is nothing to drop, so a fresh or cleanly resumed run does not write before it trains.
     */
    public synchronized void truncate(int n) {
        if (lines.size() <= n) {
            return;
        }
        while (lines.size() > n) {
            lines.remove(lines.size() - 1);
        }
        folder.writeAtomically(file, lines.isEmpty() ? "" : String.join("\n", lines) + "\n");
    }
}
