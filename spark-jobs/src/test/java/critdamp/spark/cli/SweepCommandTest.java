package critdamp.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.spark.testing.ConsoleCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** The sweep command's help and dry run on the example sweep files (no Spark, no training). */
class SweepCommandTest {
    @RegisterExtension
    final ConsoleCapture console = ConsoleCapture.perTest();

    @Test
    void helpShowsExamples() {
        StringWriter out = new StringWriter();
        int rc = new CommandLine(new SweepCommand()).setOut(new PrintWriter(out)).execute("--help");
        assertThat(rc).isZero();
        assertThat(out.toString()).contains("--resume", "--dry-run", "critdamp sweep -c conf/sweep-schedules.yaml");
    }

    @Test
    void dryRunListsEveryPointOfTheExampleLearningRateSweep() {
        Path conf = Path.of("..", "conf", "sweep-lr.yaml").toAbsolutePath().normalize();
        int rc = new CommandLine(new SweepCommand()).execute("-c", conf.toString(), "--dry-run",
                "--set", "training.epochs=1");
        String out = console.outText();
        assertThat(rc).isZero();
        assertThat(out).contains("sweep lr-search: 12 points",
                "momentum.kind=hybrid,learningRate.baseLr=0.1,run.seed=1  ->  points/"
                        + "momentum.kind-hybrid__learningRate.baseLr-0.1__run.seed-1");
    }
}
