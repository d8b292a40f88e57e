package critdamp.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.spark.testing.ConsoleCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** The lr-study command's help and dry run on the shipped study file (no Spark, no training). */
class LrStudyCommandTest {
    @RegisterExtension
    final ConsoleCapture console = ConsoleCapture.perTest();

    @Test
    void helpShowsTheStudysCommands() {
        StringWriter out = new StringWriter();
        int rc = new CommandLine(new LrStudyCommand()).setOut(new PrintWriter(out)).execute("--help");
        assertThat(rc).isZero();
        assertThat(out.toString()).contains("--resume", "--dry-run", "--ceiling",
                "critdamp lr-study -c conf/lr-study.yaml --resume");
    }

    @Test
    void dryRunShowsTheScheduleGridAndEstimate() {
        Path conf = Path.of("..", "conf", "lr-study.yaml").toAbsolutePath().normalize();
        int rc = CritdampMain.execute("lr-study", "-c", conf.toString(), "--dry-run");
        String out = console.outText();
        assertThat(rc).isZero();
        assertThat(out).contains("lr-study lr-study: 6 schedules, start grid [0.05, 0.1, 0.2, 0.4] (x2 per step, up to 4 more rates per "
                        + "schedule, 6 rates at least)",
                "hybrid-half: {momentum.kind=hybrid, momentum.switchAt=fraction, momentum.switchFraction=0.5}",
                "budget: 20 epochs of small_cnn on the first 15000 training records less 28% validation, 10000 test",
                "17.7 min per run: 48 runs at least (14.1 h), ~54 expected (15.9 h), at most 60 (17.7 h)",
                "schedule=one-cycle,learningRate.baseLr=0.4,run.seed=1  ->  points/"
                        + "schedule-one-cycle__learningRate.baseLr-0.4__run.seed-1");
    }
}
