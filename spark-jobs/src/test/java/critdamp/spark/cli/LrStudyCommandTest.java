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

/** The lr-study command's help and dry run on the shipped study file (no Spark, no training). */
class LrStudyCommandTest {
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
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            rc = CritdampMain.execute("lr-study", "-c", conf.toString(), "--dry-run");
        } finally {
            System.setOut(saved);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(rc).isZero();
        assertThat(out).contains("lr-study lr-study: 6 schedules, start grid [0.0125, 0.025, 0.05, 0.1, 0.2, 0.4]",
                "hybrid-half: {momentum.kind=hybrid, momentum.switchAt=fraction, momentum.switchFraction=0.5}",
                "budget: 12 epochs of small_cnn on the first 12000 training records less 10% validation, 10000 test",
                "10.0 min per run: 48 runs at least (8.0 h), ~54 expected (9.0 h), at most 72 (12.0 h)",
                "schedule=one-cycle,learningRate.baseLr=0.4,run.seed=1  ->  points/"
                        + "schedule-one-cycle__learningRate.baseLr-0.4__run.seed-1");
    }
}
