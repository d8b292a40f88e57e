package critdamp.repository;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a machine's absolute path in a line of a committed file: the checkout's own absolute path, a home directory
 * (root's, or a user's under {@code /home} or {@code /Users}) in any file, and in records (results, logs:
 * {@link #isRecord}) also a {@code file:} URI with an absolute path, the form Hadoop writes run folders in. Such a
 * path says where one machine kept its checkout, names nothing a reader has, and goes stale when the files move:
 * records name run folders relative to their study instead. Code and configuration may show a {@code file:/data/x}
 * as an example of the syntax; a record holding one names a real folder.
 */
final class MachinePaths {
    private static final Pattern HOME =
            Pattern.compile("(?<![\\w.~-])/(?:root|home/[^/\\s\"'`]+|Users/[^/\\s\"'`]+)/");
    private static final Pattern FILE_URI = Pattern.compile("\\bfile:/{1,3}[\\w~.-]");
    private static final Set<String> RECORD_EXTENSIONS = Set.of("csv", "json", "jsonl", "log", "html", "txt");

    private final Pattern checkout;

    /** @param checkoutRoots the checkout's absolute path (and its real path, where a link leads to it) */
    MachinePaths(Path... checkoutRoots) {
        StringBuilder alternatives = new StringBuilder();
        for (Path root : checkoutRoots) {
            String r = root.toString();
            if (r.length() > 1 && root.isAbsolute()) { // "/" alone would match every path
                alternatives.append(alternatives.length() == 0 ? "" : "|").append(Pattern.quote(r));
            }
        }
        checkout = alternatives.length() == 0 ? null
                : Pattern.compile("(?:" + alternatives + ")(?![\\w.-])");
    }

    /** Whether the file at {@code relativePath} (from the checkout's root, '/'-separated) is a record or a log. */
    static boolean isRecord(String relativePath) {
        int dot = relativePath.lastIndexOf('.');
        String extension = dot < 0 ? "" : relativePath.substring(dot + 1).toLowerCase(Locale.ROOT);
        return relativePath.startsWith("bench/results/") || RECORD_EXTENSIONS.contains(extension);
    }

    /** The first machine path in {@code line}, or empty; {@code record}: whether the line is from a record. */
    Optional<String> find(String line, boolean record) {
        Optional<String> found = first(checkout, line);
        if (found.isEmpty()) {
            found = first(HOME, line);
        }
        if (found.isEmpty() && record) {
            found = first(FILE_URI, line);
        }
        return found;
    }

    private static Optional<String> first(Pattern p, String line) {
        if (p == null) {
            return Optional.empty();
        }
        Matcher m = p.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        int end = m.start();
        while (end < line.length() && " \t\"'`,;()[]<>{}".indexOf(line.charAt(end)) < 0) {
            end++;
        }
        return Optional.of(line.substring(m.start(), end)); // the whole path, not just its start
    }
}
