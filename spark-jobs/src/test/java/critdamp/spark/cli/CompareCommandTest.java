package critdamp.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.spark.testing.ConsoleCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code critdamp compare} from the command line: the page for two run folders, and one clear line for a bad one. */
class CompareCommandTest {
    @RegisterExtension
    final ConsoleCapture console = ConsoleCapture.perTest();
    @TempDir
    Path tmp;

    /** The files a run writes, by hand: config, provenance, two epochs, two rounds. */
    private Path run(String name, String momentum, double acc) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("runs").resolve(name));
        Files.writeString(dir.resolve("config.json"), "{\"run\": {\"name\": \"" + name + "\"}, \"momentum\": "
                + "{\"kind\": \"" + momentum + "\"}, \"training\": {\"epochs\": 2, \"targetAccuracies\": [0.5]}}");
        Files.writeString(dir.resolve("run.json"), "{\"versions\": {\"gitCommit\": \"abc\"}}");
        StringBuilder epochs = new StringBuilder();
        StringBuilder rounds = new StringBuilder();
        for (int e = 1; e <= 2; e++) {
            epochs.append(String.format(java.util.Locale.ROOT, "{\"epoch\": %d, \"step\": %d, \"alpha\": 0.05, "
                    + "\"mu\": 0.5, \"trainLoss\": 1.2, \"validationAccuracy\": %.2f, \"testAccuracy\": %.2f, "
                    + "\"testLoss\": 1.3, \"wallSeconds\": %d, \"imagesPerSecond\": 500}%n", e, 10 * e, acc * e,
                    acc * e, 20 * e));
            rounds.append(String.format(java.util.Locale.ROOT, "{\"epoch\": %d, \"round\": 0, \"globalRound\": %d, "
                    + "\"step\": %d, \"alpha\": 0.05, \"mu\": 0.5, \"loss\": 1.1, \"images\": 100, \"seconds\": 1, "
                    + "\"imagesPerSecond\": 100, \"wallSeconds\": %d, \"computeSeconds\": 1, \"bytesMoved\": 1}%n",
                    e - 1, e, 10 * (e - 1), 10 * e));
        }
        Files.writeString(dir.resolve("epochs.jsonl"), epochs);
        Files.writeString(dir.resolve("rounds.jsonl"), rounds);
        return dir;
    }

    @Test
    void writesOnePageComparingTheRuns() throws Exception {
        Path a = run("physics", "physics", 0.3);
        Path b = run("constant", "constant", 0.2);
        Path page = tmp.resolve("cmp.html");
        assertThat(CritdampMain.execute("compare", a.toString(), b.toString(), "-o", page.toString())).isZero();
        assertThat(console.outText()).contains("compared 2 runs: ").contains("cmp.html");
        String html = Files.readString(page);
        assertThat(html).contains("<h1>Compare physics vs constant</h1>",
                "<tr><td>momentum.kind</td><td>physics</td><td>constant</td></tr>", "id=\"compare-data\"");
        assertThat(console.errText()).doesNotContain("ERROR", "Exception");
    }

    @Test
    void aFolderWithoutARunIsOneClearLine() throws Exception {
        Path a = run("physics", "physics", 0.3);
        Path empty = Files.createDirectories(tmp.resolve("runs/nothing"));
        int code = CritdampMain.execute("compare", a.toString(), empty.toString(), "-o",
                tmp.resolve("cmp.html").toString());
        assertThat(code).isEqualTo(1);
        // (the test logging may put Hadoop's native-library warning first; no stack trace either way)
        assertThat(console.errText().strip().lines().reduce((first, last) -> last))
                .hasValue("critdamp compare: not a run folder: " + empty + " (no run.json)");
        assertThat(console.errText()).doesNotContain("\tat ", "Exception");
        assertThat(tmp.resolve("cmp.html")).doesNotExist();
    }

    @Test
    void oneFolderIsAUsageError() throws Exception {
        Path a = run("physics", "physics", 0.3);
        assertThat(CritdampMain.execute("compare", a.toString())).isEqualTo(ErrorHandler.USAGE);
        assertThat(console.errText()).contains("RUN_FOLDER");
    }

    @Test
    void hasHelpWithExamples() {
        assertThat(CritdampMain.execute("compare", "--help")).isZero();
        assertThat(console.outText()).contains("Usage: critdamp compare").contains("Examples:");
    }
}
