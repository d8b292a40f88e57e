package critdamp.repository;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The files of a checkout that are (or would be) committed, as paths relative to its root: {@code git ls-files} of
 * the tracked files and of the untracked ones git does not ignore, or, where git is missing or the folder is no git
 * checkout (a source archive), every file under the root but the build's and the runs' output folders that
 * {@code .gitignore} names.
 */
final class TrackedFiles {
    /** Folders .gitignore keeps out wherever they are, skipped when walking the tree without git (and target*). */
    private static final Set<String> IGNORED_FOLDERS = Set.of(".git", ".idea", ".cache", "node_modules", "__pycache__");
    /** Folders .gitignore keeps out at the root. */
    private static final Set<String> IGNORED_AT_ROOT = Set.of("runs", "bench/results/tmp");

    private TrackedFiles() {
    }

    /**
     * The root of the checkout holding {@code start}: the nearest folder with a {@code .git}, else the topmost folder
     * of the chain of folders holding a {@code pom.xml}.
     */
    static Path root(Path start) {
        Path dir = start.toAbsolutePath().normalize();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".git"))) {
                return d;
            }
        }
        Path top = dir;
        while (top.getParent() != null && Files.exists(top.getParent().resolve("pom.xml"))) {
            top = top.getParent();
        }
        return top;
    }

    /** The files under {@code root}, from git where it answers, else from walking the tree. */
    static List<String> list(Path root) throws IOException {
        List<String> fromGit = fromGit(root);
        return fromGit != null ? fromGit : walk(root);
    }

    /** {@code git ls-files} (tracked, and untracked but not ignored); null when git is missing or fails here. */
    static List<String> fromGit(Path root) {
        try {
            Process git = new ProcessBuilder("git", "-C", root.toString(), "ls-files", "-z", "--cached", "--others",
                    "--exclude-standard").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out;
            try (InputStream in = git.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!git.waitFor(60, TimeUnit.SECONDS) || git.exitValue() != 0) {
                git.destroyForcibly();
                return null;
            }
            List<String> files = new ArrayList<>();
            for (String f : new String(out, StandardCharsets.UTF_8).split("\0")) {
                if (!f.isEmpty()) {
                    files.add(f);
                }
            }
            return files.stream().distinct().toList();
        } catch (IOException e) {
            return null; // no git on this machine
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Every regular file under {@code root} outside the ignored output folders, '/'-separated, sorted. */
    static List<String> walk(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .filter(f -> !ignored(f))
                    .sorted().toList();
        }
    }

    /** Whether {@code relativePath} lies in a folder that .gitignore keeps out (build output, runs, caches). */
    static boolean ignored(String relativePath) {
        if (IGNORED_AT_ROOT.stream().anyMatch(f -> relativePath.startsWith(f + "/"))) {
            return true;
        }
        String[] parts = relativePath.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            String folder = parts[i];
            if (IGNORED_FOLDERS.contains(folder) || folder.equals("target") || folder.startsWith("target-")) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code bytes} look binary: a NUL byte in their first 8,000 (git's own test). */
    static boolean binary(byte[] bytes) {
        int n = Math.min(bytes.length, 8000);
        for (int i = 0; i < n; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }
}
