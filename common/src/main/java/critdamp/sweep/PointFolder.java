package critdamp.sweep;

/**
 * How a sweep's or study's records ({@code points.jsonl}, {@code results.csv}, {@code results.jsonl}) name a point's
 * run folder: relative to the sweep folder ({@code points/<name>}; {@code RunFolder.relativize}), so that the records
 * hold no machine's absolute path and stay right when the folder is moved, copied or committed. Readers resolve a
 * recorded folder against the sweep folder ({@code RunFolder.resolve}); an absolute URI that older records hold
 * resolves to itself.
 */
public final class PointFolder {
    /** The sub-folder of a sweep folder that holds one run folder per point. */
    public static final String POINTS_DIR = "points";

    private PointFolder() {
    }

    /** The recorded folder of the point named {@code pointName}: {@code points/<pointName>}. */
    public static String of(String pointName) {
        return POINTS_DIR + "/" + pointName;
    }
}
