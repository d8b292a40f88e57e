package critdamp.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.spark.testing.ConsoleCapture;
import critdamp.spark.testing.LocalClusterHome;
import critdamp.spark.testing.SharedSpark;
import critdamp.spark.testing.StandaloneCluster;
import critdamp.spark.testing.TinyRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code critdamp train} in a JVM of its own, stopped by SIGTERM in the middle of an epoch, as a scheduler stops it:
 * after the signal the console gets one line (stopped, the last checkpoint, the command that resumes), the exit code
 * is 143, and the printed command, run as printed, resumes the run to its end.
 */
@ExtendWith(SharedSpark.class)
class StopSignalTest {
    /** A line of the log as conf/log4j2.properties prints it on the console. */
    private static final Pattern LOG_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d (TRACE|DEBUG|INFO|WARN|ERROR) .*");
    private static final String RESUME_WITH = "; resume with: ";

    @TempDir
    static Path tmp;

    @Test
    void aSigtermEndsWithOneLineWhoseCommandResumesTheRun() throws Exception {
        Path config = TinyRun.write(tmp, tmp.resolve("runs").toString());
        Path run = tmp.resolve("runs/tiny");
        Path err = tmp.resolve("driver.err");
        Process driver = start(config, err, "training.epochs=2", "training.checkpointEveryRounds=2");
        long errBytesAtSignal;
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!(rounds(run) >= 3 && Files.exists(run.resolve("checkpoints/ckpt-00000002.json")))
                    && driver.isAlive()) {
                assertThat(System.nanoTime()).as("the driver trained 3 rounds in time").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(driver.isAlive()).as("the driver was still training").isTrue();
            errBytesAtSignal = Files.size(err);
            driver.destroy(); // SIGTERM
            assertThat(driver.waitFor(60, TimeUnit.SECONDS)).as("the driver ended").isTrue();
        } finally {
            driver.destroyForcibly().waitFor();
        }

        assertThat(driver.exitValue()).isEqualTo(143);
        String afterSignal = new String(Files.readAllBytes(err), java.nio.charset.StandardCharsets.UTF_8)
                .substring((int) errBytesAtSignal);
        List<String> said = afterSignal.lines().filter(l -> !LOG_LINE.matcher(l).matches()).toList();
        assertThat(said).as("stderr after the signal, log lines aside:\n%s", afterSignal).hasSize(1);
        assertThat(afterSignal).doesNotContain("cancelled", "SparkContext", "WARN", "ERROR");
        String line = said.get(0);
        assertThat(line).startsWith("critdamp train: stopped by SIGTERM; run folder ")
                .contains(", last checkpoint checkpoints/ckpt-0000000").contains("(resumes at epoch ")
                .endsWith(" --resume");
        assertThat(lines(run.resolve("epochs.jsonl"))).as("epochs done when stopped").isLessThan(2);

        String[] resume = line.substring(line.indexOf(RESUME_WITH) + RESUME_WITH.length()).split(" ");
        assertThat(resume[0]).isEqualTo("critdamp");
        int code;
        ConsoleCapture console = new ConsoleCapture();
        try (console) {
            code = CritdampMain.execute(Arrays.copyOfRange(resume, 1, resume.length));
        }
        assertThat(code).as("the resume: %s", console.errText()).isZero();
        assertThat(console.outText()).contains("RESULT").contains("after 2 epochs");
        assertThat(Files.readAllLines(run.resolve("epochs.jsonl"))).hasSize(2);
    }

    private static long rounds(Path run) throws Exception {
        return lines(run.resolve("rounds.jsonl"));
    }

    private static long lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }

    /** The command line's main in a JVM of its own, with the product's console log settings. */
    private static Process start(Path config, Path err, String... sets) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx2g");
        cmd.addAll(StandaloneCluster.OPENS);
        cmd.addAll(Arrays.asList(LocalClusterHome.executorJavaOptions().split(" ")));
        cmd.add("-Dlog4j2.configurationFile=" + Path.of("../conf/log4j2.properties").toAbsolutePath());
        cmd.add("-Dcritdamp.errorLog=" + tmp.resolve("errors.log"));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CritdampMain.class.getName(),
                "train", "-c", config.toString()));
        for (String s : sets) {
            cmd.addAll(List.of("--set", s));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile())
                .redirectOutput(tmp.resolve("driver.out").toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }
}
