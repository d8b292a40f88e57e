package critdamp.bench;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * A local path as a bench record shows it: relative to the working directory when it lies under it (the bench
 * scripts run at the repository root, so {@code bench/results/tmp/...}), else under the home directory as
 * {@code ~/...}, else as given. Bench records are committed, and an absolute path would name one machine's checkout
 * or home, which no reader has (and which the build's path check refuses); a string that is no absolute path (a
 * {@code file:} URI, "unknown") is left as it is.
 */
final class ShownPath {
    private final Path workingDir;
    private final Path home;

    /**
     * @param workingDir the folder paths are shown relative to
     * @param home       the folder shown as {@code ~}
     */
    ShownPath(Path workingDir, Path home) {
        this.workingDir = workingDir.toAbsolutePath().normalize();
        this.home = home.toAbsolutePath().normalize();
    }

    /** {@code path} shown relative to this JVM's working directory ({@code user.dir}) or home ({@code user.home}). */
    static String of(String path) {
        return new ShownPath(Path.of(System.getProperty("user.dir")), Path.of(System.getProperty("user.home")))
                .show(path);
    }

    /** {@code path} relative to the working directory ("." for itself), or {@code ~/...}, or unchanged. */
    String show(String path) {
        Path p;
        try {
            p = Path.of(path);
        } catch (InvalidPathException e) {
            return path;
        }
        if (!p.isAbsolute()) {
            return path;
        }
        p = p.normalize();
        if (p.startsWith(workingDir) && workingDir.getNameCount() > 0) {
            String relative = workingDir.relativize(p).toString();
            return relative.isEmpty() ? "." : relative;
        }
        if (p.startsWith(home) && home.getNameCount() > 0) {
            String relative = home.relativize(p).toString();
            return relative.isEmpty() ? "~" : "~/" + relative;
        }
        return path;
    }
}
