package critdamp.spark.train;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.run.TrainingPosition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The stop line in each state a run can be stopped in, its exit codes, and that it is printed once. (The real
 * signal, in a child JVM: {@code critdamp.spark.cli.StopSignalTest}.)
 */
class RunStopTest {
    private static final String BASE = "critdamp train -c conf/x.yaml --set training.epochs=3";

    @AfterEach
    void forget() {
        RunStop.reset();
    }

    @Test
    void aRunWithACheckpointNamesItAndTheResumeCommand() {
        RunStop.simulate("TERM");
        RunStop.command("critdamp train", BASE, BASE);
        RunStop.training("file:/r/x", null, null, null);
        RunStop.checkpointed("checkpoints/ckpt-00000004.zip", RunStop.position(new TrainingPosition(1, 1, 4, 7)));

        assertThat(RunStop.line("critdamp train")).isEqualTo("critdamp train: stopped by SIGTERM; run folder "
                + "file:/r/x, last checkpoint checkpoints/ckpt-00000004.zip (resumes at epoch 2, round 1); resume "
                + "with: " + BASE + " --resume");
        assertThat(RunStop.exitCode()).isEqualTo(143);
    }

    @Test
    void aRunInARenamedFolderResumesThatFolder() {
        RunStop.simulate("INT");
        RunStop.command("critdamp train", BASE + " --resume --extend-epochs 2", BASE);
        RunStop.training("file:/r/x-2", "x-2", "checkpoints/ckpt-00000012.zip", "epoch 4, round 0");

        assertThat(RunStop.line("critdamp train")).startsWith("critdamp train: stopped by SIGINT; ")
                .endsWith("resume with: " + BASE + " --set run.name=x-2 --resume");
        assertThat(RunStop.exitCode()).isEqualTo(130);
    }

    @Test
    void beforeTrainingOrBeforeTheFirstCheckpointSaysWhatToRunInstead() {
        RunStop.simulate("TERM");
        RunStop.command("critdamp train", BASE + " --resume", BASE);
        assertThat(RunStop.line("critdamp train")).isEqualTo("critdamp train: stopped by SIGTERM before training "
                + "started; run it again with: " + BASE + " --resume");

        RunStop.training("file:/r/x", null, null, null);
        assertThat(RunStop.line("critdamp train")).isEqualTo("critdamp train: stopped by SIGTERM before the first "
                + "checkpoint of file:/r/x, which holds nothing to resume from; start again with: " + BASE);

        RunStop.folderRemoved();
        assertThat(RunStop.line("critdamp train")).contains("before training started");
    }

    @Test
    void aCommandThatRegisteredNothingIsNamedByItsCaller() {
        RunStop.simulate("TERM");
        assertThat(RunStop.line("critdamp attribute")).isEqualTo("critdamp attribute: stopped by SIGTERM");
    }

    @Test
    void theLineIsPrintedOnce() {
        RunStop.simulate("TERM");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        RunStop.report("critdamp train", out);
        RunStop.report("critdamp train", out);

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "critdamp train: stopped by SIGTERM");
    }

    @Test
    void noSignalNoStop() {
        assertThat(RunStop.signal()).isEmpty();
        assertThat(RunStop.exitCode()).isZero();
    }
}
