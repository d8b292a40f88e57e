package critdamp.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The sweep command's help and dry run on the example sweep files (no Spark, no training). */
class SweepCommandTest {
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
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            rc = new CommandLine(new SweepCommand()).execute("-c", conf.toString(), "--dry-run",
                    "--set", "training.epochs=1");
        } finally {
            System.setOut(saved);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(rc).isZero();
        assertThat(out).contains("sweep lr-search: 12 points",
                "momentum.kind=hybrid,learningRate.baseLr=0.1,run.seed=1  ->  points/"
                        + "momentum.kind-hybrid__learningRate.baseLr-0.1__run.seed-1");
    }
}
