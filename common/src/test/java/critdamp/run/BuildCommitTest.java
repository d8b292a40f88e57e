package critdamp.run;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The commit a run names: the launcher's override, else the one the build baked in, else "unknown". */
class BuildCommitTest {
    private static Properties baked(String abbrev, String dirty) {
        Properties p = new Properties();
        p.setProperty("git.commit.id.abbrev", abbrev);
        p.setProperty("git.dirty", dirty);
        return p;
    }

    @Test
    void theOverrideWinsThenTheBuildsCommitThenUnknown() {
        assertThat(BuildCommit.resolve("abc1234", baked("def5678", "false"))).isEqualTo("abc1234");
        assertThat(BuildCommit.resolve(" ", baked("def5678", "false"))).isEqualTo("def5678");
        assertThat(BuildCommit.resolve(null, baked("def5678", "true"))).isEqualTo("def5678-dirty");
        assertThat(BuildCommit.resolve(null, new Properties())).isEqualTo(BuildCommit.UNKNOWN);
    }

    /**
     * In a git clone the build must have written the commit it built (git-commit-id-maven-plugin, profile
     * build-commit); elsewhere (a tarball, a linked worktree) nothing, so that no wrong commit is ever named.
     */
    @Test
    void aBuildInAGitCloneBakesInItsHeadCommit() throws Exception {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Properties p = BuildCommit.baked();
        if (!Files.isDirectory(repo.resolve(".git"))) {
            assertThat(p.getProperty("git.commit.id.full")).as("no commit outside a git clone").isNull();
            return;
        }
        assertThat(p.getProperty("git.commit.id.full")).as("the build's commit").isEqualTo(git(repo, "rev-parse", "HEAD"));
        assertThat(p.getProperty("git.commit.id.abbrev")).isEqualTo(git(repo, "rev-parse", "--short", "HEAD"));
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "git";
        cmd[1] = "-C";
        cmd[2] = dir.toString();
        System.arraycopy(args, 0, cmd, 3, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("git %s: %s", String.join(" ", args), out).isZero();
        return out;
    }
}
