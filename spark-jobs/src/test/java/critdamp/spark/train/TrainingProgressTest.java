package critdamp.spark.train;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.run.EpochRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The console progress: plain lines (each once) where output is not a terminal, a bar per epoch where it is. */
class TrainingProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    /** Two epochs of four rounds, as the trainer reports them. */
    private void train(TrainingProgress p) {
        for (int e = 0; e < 2; e++) {
            for (int r = 0; r < 4; r++) {
                p.round(new TrainingProgress.RoundStatus(e, 2, r, 4, 10L * (4 * e + r + 1), 2.0 - 0.1 * r, 0.05, 0.55,
                        812.4, 90.0 - 10 * (4 * e + r)));
            }
            p.epoch(new EpochRecord(e + 1, 40L * (e + 1), 0.05, 0.55, 1.5, 0.41, 0.40, 1.6, 50.0 * (e + 1), 800.2),
                    2, 50.0 * (1 - e));
        }
        p.close();
    }

    @Test
    void withoutATerminalEveryNthRoundLineAndEveryEpochLinePrintOnceEach() {
        train(new PlainProgress(out, 2));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).containsExactly(
                "  epoch 1 round 2/4 step 20  loss 1.9000  lr 0.05000  mu 0.5500  812 img/s  ETA 1m20s",
                "  epoch 1 round 4/4 step 40  loss 1.7000  lr 0.05000  mu 0.5500  812 img/s  ETA 1m00s",
                "epoch 1/2  step 40  loss 1.5000  val acc 0.4100  test acc 0.4000  lr 0.05000  mu 0.5500  800 img/s  "
                        + "wall 50s  ETA 50s",
                "  epoch 2 round 2/4 step 60  loss 1.9000  lr 0.05000  mu 0.5500  812 img/s  ETA 40s",
                "  epoch 2 round 4/4 step 80  loss 1.7000  lr 0.05000  mu 0.5500  812 img/s  ETA 20s",
                "epoch 2/2  step 80  loss 1.5000  val acc 0.4100  test acc 0.4000  lr 0.05000  mu 0.5500  800 img/s  "
                        + "wall 1m40s  ETA 0s");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("\r");
    }

    @Test
    void withoutMomentumTheLinesLeaveMuOut() {
        // Adam applies no momentum; the trainer reports mu as NaN, which the console leaves out rather than print
        String round = TrainingProgress.roundLine(new TrainingProgress.RoundStatus(0, 2, 1, 4, 20, 1.9, 0.002,
                Double.NaN, 812.4, 80.0));
        String epoch = TrainingProgress.epochLine(new EpochRecord(1, 40, 0.002, Double.NaN, 1.5, 0.41, 0.40, 1.6,
                50.0, 800.2), 2, 50.0);
        assertThat(round).isEqualTo("  epoch 1 round 2/4 step 20  loss 1.9000  lr 0.002000  812 img/s  ETA 1m20s");
        assertThat(epoch).isEqualTo("epoch 1/2  step 40  loss 1.5000  val acc 0.4100  test acc 0.4000  lr 0.002000  "
                + "800 img/s  wall 50s  ETA 50s");
        ByteArrayOutputStream barBytes = new ByteArrayOutputStream();
        ProgressBarProgress bar = new ProgressBarProgress(new PrintStream(barBytes, true, StandardCharsets.UTF_8), 120);
        bar.round(new TrainingProgress.RoundStatus(0, 2, 1, 4, 20, 1.9, 0.002, Double.NaN, 812.4, 80.0));
        bar.close();
        assertThat(barBytes.toString(StandardCharsets.UTF_8)).contains("α=0.00200 812 img/s").doesNotContain("μ", "NaN");
    }

    @Test
    void aBarOnlyOnAnInteractiveTerminalOutsideCi() {
        assertThat(TrainingProgress.interactive(true, Map.of("TERM", "xterm-256color"))).isTrue();
        assertThat(TrainingProgress.interactive(false, Map.of("TERM", "xterm-256color"))).isFalse();
        assertThat(TrainingProgress.interactive(true, Map.of("CI", "true"))).isFalse();
        assertThat(TrainingProgress.interactive(true, Map.of("TERM", "dumb"))).isFalse();
        // under the test runner the output is no terminal: plain lines
        assertThat(TrainingProgress.forConsole(System.out, 5)).isInstanceOf(PlainProgress.class);
        assertThat(TrainingProgress.forConsole(out, 5)).isInstanceOf(PlainProgress.class);
    }

    @Test
    void onATerminalTheBarShowsTheRoundAndGivesWayToOneLinePerEpoch() {
        train(new ProgressBarProgress(out, 120));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("\r", "epoch 1/2", "4/4", "t=40 loss 1.7000 α=0.0500 μ=0.550 812 img/s ETA 1m00s");
        // the plain round lines are not printed; each epoch line once, each on its own line
        assertThat(text).doesNotContain("round 2/4");
        List<String> epochLines = text.lines().map(l -> l.substring(l.lastIndexOf('\r') + 1))
                .filter(l -> l.startsWith("epoch ") && l.contains("test acc")).toList();
        assertThat(epochLines).hasSize(2);
        assertThat(epochLines.get(0)).startsWith("epoch 1/2  step 40  loss 1.5000  val acc 0.4100");
        assertThat(text).doesNotContain("\n\n");
    }
}
