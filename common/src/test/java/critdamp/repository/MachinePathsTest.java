package critdamp.repository;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The path check can fail: the matcher finds each kind of machine path and passes relative paths, URIs of other
 * file systems and code's syntax examples; the scan names file and line; the walk without git skips build output.
 * Samples of home directories are built from pieces so that this file itself holds none.
 */
class MachinePathsTest {
    private static final String HOME = "/" + "home/alice";
    private static final String ROOT_HOME = "/" + "root";
    private static final String MAC_HOME = "/" + "Users/bob";

    private final MachinePaths paths = new MachinePaths(Path.of("/srv/checkouts/critdamp"));

    @Test
    void findsTheCheckoutsOwnPathInAnyFile() {
        assertThat(paths.find("run_folder: /srv/checkouts/critdamp/runs/x, next", false))
                .contains("/srv/checkouts/critdamp/runs/x");
        assertThat(paths.find("file:/srv/checkouts/critdamp", false)).contains("/srv/checkouts/critdamp");
        assertThat(paths.find("cd /srv/checkouts/critdamp-2/bench", false)).as("another folder").isEmpty();
        assertThat(paths.find("see /srv/checkouts/critdamp.old", false)).isEmpty();
    }

    @Test
    void findsHomeDirectoriesInAnyFile() {
        assertThat(paths.find("\"cacheDir\" : \"" + ROOT_HOME + "/.cache/critdamp\",", false))
                .contains(ROOT_HOME + "/.cache/critdamp");
        assertThat(paths.find("data " + HOME + "/data/cifar", false)).contains(HOME + "/data/cifar");
        assertThat(paths.find("(" + MAC_HOME + "/x)", false)).contains(MAC_HOME + "/x");
        assertThat(paths.find("cacheDir: ~/.cache/critdamp", false)).isEmpty();
        assertThat(paths.find("bench/results/root/home/x.md and src" + ROOT_HOME + "/x", false)).isEmpty();
        assertThat(paths.find("hdfs://nn" + HOME + "/x", false)).as("a path on HDFS").isEmpty();
        assertThat(paths.find("a bare /root or /home/", false)).isEmpty();
    }

    @Test
    void aFileUriWithAnAbsolutePathCountsInRecordsOnly() {
        String line = "p1,done,0.71,file:/data/runs/sweep/points/p1";
        assertThat(paths.find(line, true)).contains("file:/data/runs/sweep/points/p1");
        assertThat(paths.find("\"runFolder\":\"file:///tmp/rep/runs/x\"", true)).contains("file:///tmp/rep/runs/x");
        assertThat(paths.find(line, false)).as("code or config showing the syntax").isEmpty();
        assertThat(paths.find("p1,done,0.71,points/p1", true)).isEmpty();
        assertThat(paths.find("--screenshot \"file://$2\"", true)).isEmpty();
        assertThat(paths.find("hdfs://nn/runs/x s3a://bucket/runs/x", true)).isEmpty();
    }

    @Test
    void recordsAreResultsAndLogs() {
        assertThat(MachinePaths.isRecord("bench/results/lr-study/study.md")).isTrue();
        assertThat(MachinePaths.isRecord("deploy/out.log")).isTrue();
        assertThat(MachinePaths.isRecord("x/results.CSV")).isTrue();
        assertThat(MachinePaths.isRecord("conf/cifar10-small-cnn.yaml")).isFalse();
        assertThat(MachinePaths.isRecord("common/src/main/java/critdamp/config/ConfigFile.java")).isFalse();
        assertThat(MachinePaths.isRecord("docs/correction.md")).isFalse();
    }

    @Test
    void theScanNamesFileAndLineAndSkipsBinaryFiles(@TempDir Path tmp) throws IOException {
        Files.createDirectories(tmp.resolve("bench/results"));
        Files.writeString(tmp.resolve("bench/results/results.csv"), "point,run_folder\np1,points/p1\n"
                + "p2,file:/data/runs/s/points/p2\n");
        Files.writeString(tmp.resolve("README.md"), "Data in ~/.cache.\r\nOr in " + HOME + "/data.\n");
        Files.write(tmp.resolve("plot.png"), ("\0PNG " + HOME + "/x").getBytes());
        MachinePaths inTmp = new MachinePaths(NoMachinePathsTest.roots(tmp));

        List<String> found = NoMachinePathsTest.scan(tmp,
                List.of("bench/results/results.csv", "README.md", "plot.png", "deleted.md"), inTmp);

        assertThat(found).containsExactly("bench/results/results.csv:3: file:/data/runs/s/points/p2",
                "README.md:2: " + HOME + "/data.");
        Files.writeString(tmp.resolve("docs.md"), "written in " + tmp.toRealPath().resolve("runs") + "\n");
        assertThat(NoMachinePathsTest.scan(tmp, List.of("docs.md"), inTmp)).singleElement().asString()
                .startsWith("docs.md:1: " + tmp.toRealPath());
    }

    @Test
    void withoutGitTheWalkSkipsTheIgnoredOutputFolders(@TempDir Path tmp) throws IOException {
        for (String f : List.of("pom.xml", "common/pom.xml", "common/target/x.txt", "target-gpu/y.txt",
                "runs/q/summary.json", "bench/results/tmp/t/run.json", "bench/results/a.md", "docs/runs/a.md")) {
            Files.createDirectories(tmp.resolve(f).getParent());
            Files.writeString(tmp.resolve(f), "x");
        }
        assertThat(TrackedFiles.walk(tmp)).containsExactly("bench/results/a.md", "common/pom.xml", "docs/runs/a.md",
                "pom.xml");
        assertThat(TrackedFiles.root(tmp.resolve("common"))).as("no .git: the topmost pom.xml")
                .isEqualTo(tmp.toAbsolutePath().normalize());
        assertThat(TrackedFiles.binary(new byte[] {'a', 0, 'b'})).isTrue();
        assertThat(TrackedFiles.binary("text".getBytes())).isFalse();
    }
}
