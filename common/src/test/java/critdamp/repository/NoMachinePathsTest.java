package critdamp.repository;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * No committed file holds a machine's absolute path ({@link MachinePaths}): not the checkout's own, not a home
 * directory, and no record or log a {@code file:} URI. Runs in every build ({@code mvn verify}) over the files git
 * tracks or would add ({@link TrackedFiles}); binary files are skipped. A failure names each {@code file:line} and
 * the path found: write it relative to the study (records), to the repository (logs, docs), or as {@code ~/...}.
 */
class NoMachinePathsTest {
    private static final int SHOWN = 40;

    @Test
    void noCommittedFileHoldsAMachinesAbsolutePath() throws IOException {
        Path root = TrackedFiles.root(Path.of(""));
        List<String> files = TrackedFiles.list(root);
        assertThat(files).as("files found under " + root).isNotEmpty();

        List<String> found = scan(root, files, new MachinePaths(roots(root)));

        assertThat(found).as("%d line(s) hold a machine's absolute path (the first %d shown):%n  %s%n", found.size(),
                SHOWN, String.join("\n  ", found.subList(0, Math.min(SHOWN, found.size())))).isEmpty();
    }

    /** {@code file:line: path} for every line of {@code files} (under {@code root}) that holds a machine path. */
    static List<String> scan(Path root, List<String> files, MachinePaths paths) throws IOException {
        List<String> found = new ArrayList<>();
        for (String file : files) {
            Path p = root.resolve(file);
            if (!Files.isRegularFile(p)) {
                continue; // deleted in the working tree, not yet in the index
            }
            byte[] bytes = Files.readAllBytes(p);
            if (TrackedFiles.binary(bytes)) {
                continue;
            }
            boolean record = MachinePaths.isRecord(file);
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\r?\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Optional<String> hit = paths.find(lines[i], record);
                if (hit.isPresent()) {
                    found.add(file + ":" + (i + 1) + ": " + hit.get());
                }
            }
        }
        return found;
    }

    /** The checkout's absolute path and, where a link leads to it, its real path. */
    static Path[] roots(Path root) throws IOException {
        Set<Path> roots = new LinkedHashSet<>(List.of(root.toAbsolutePath().normalize(), root.toRealPath()));
        return roots.toArray(Path[]::new);
    }
}
