package critdamp.attribution;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How {@link LayerSelection} flags layers from a {@link LayerAttribution}; written in lower case in config files. */
public enum SelectionKind {
    /** The k highest-scoring layers ({@code top_k}). */
    TOP_K,
    /** Every layer whose score is at least the threshold ({@code threshold}). */
    THRESHOLD,
    /** Layers in score order while their parameters fit a share of the model's parameters ({@code param_budget}). */
    PARAM_BUDGET;

    /**
     * Parses the lower-case name (case-insensitive, '-' read as '_'), e.g. {@code "top_k"}, {@code "param-budget"}.
     *
     * @throws IllegalArgumentException naming the value, the closest choice and all choices
     */
    @JsonCreator
    public static SelectionKind parse(String text) {
        String field = "selection.kind";
        String all = Arrays.stream(values()).map(SelectionKind::configName).collect(Collectors.joining(", "));
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(field + ": missing value; one of " + all);
        }
        String wanted = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        SelectionKind closest = null;
        int best = Integer.MAX_VALUE;
        for (SelectionKind k : values()) {
            if (k.configName().equals(wanted)) {
                return k;
            }
            int d = editDistance(wanted, k.configName());
            if (d < best) {
                best = d;
                closest = k;
            }
        }
        String hint = best <= Math.max(2, wanted.length() / 3) ? "; did you mean '" + closest.configName() + "'?" : "";
        throw new IllegalArgumentException(field + ": unknown value '" + text + "'" + hint + " (one of " + all + ")");
    }

    /** The name used in files, e.g. {@code "param_budget"}. */
    @JsonValue
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Levenshtein distance, for the suggestion. */
    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
