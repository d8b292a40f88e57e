package critdamp.spark.train;

import critdamp.run.EpochRecord;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * What the console shows while a run trains. On a terminal: a progress bar per epoch (rounds done, step, loss, lr,
 * mu, images/s, the run's ETA) that is replaced by the epoch's line when the epoch ends ({@link ProgressBarProgress}).
 * Anywhere else (a pipe, a log file, CI): plain lines, a round line every {@code training.logEveryRounds} rounds and
 * an epoch line per epoch, each printed once ({@link PlainProgress}).
 *
 * <p>The trainer calls {@link #round} after every averaging round, {@link #epoch} after every evaluated epoch and
 * {@link #close} when training ends or fails.
 */
public interface TrainingProgress extends AutoCloseable {

    /**
     * One finished averaging round.
     *
     * @param epoch           0-based epoch
     * @param epochs          epochs planned
     * @param round           0-based round within the epoch
     * @param roundsPerEpoch  rounds in an epoch
     * @param step            schedule step t after the round
     * @param loss            mean worker loss of the round
     * @param alpha           learning rate of the round
     * @param mu              momentum of the round (NaN when not applied, e.g. Adam)
     * @param imagesPerSecond training images per second in the round
     * @param etaSeconds      estimated seconds left for the whole run (NaN when unknown)
     */
    record RoundStatus(int epoch, int epochs, int round, int roundsPerEpoch, long step, double loss, double alpha,
                       double mu, double imagesPerSecond, double etaSeconds) {
    }

    /** After every averaging round. */
    void round(RoundStatus status);

    /** After every evaluated epoch: {@code record} as appended to epochs.jsonl. */
    void epoch(EpochRecord record, int epochs, double etaSeconds);

    /** Ends any bar on screen; no exception. */
    @Override
    void close();

    /**
     * The progress for {@code out}: a bar when {@code out} is this JVM's standard output and that is an interactive
     * terminal, else plain lines.
     */
    static TrainingProgress forConsole(PrintStream out, int logEveryRounds) {
        boolean bar = out == System.out && interactive(System.console() != null, System.getenv());
        return bar ? new ProgressBarProgress(out) : new PlainProgress(out, logEveryRounds);
    }

    /**
     * Whether to draw a bar: only with a console (stdin and stdout a terminal), not under CI (which sets {@code CI})
     * and not on a terminal that cannot move the cursor ({@code TERM=dumb}).
     */
    static boolean interactive(boolean hasConsole, Map<String, String> env) {
        return hasConsole && env.get("CI") == null && !"dumb".equals(env.get("TERM"));
    }

    /** The line printed for a round. */
    static String roundLine(RoundStatus s) {
        return String.format(Locale.ROOT, "  epoch %d round %d/%d step %d  loss %.4f  lr %.4g%s  %.0f img/s  "
                        + "ETA %s", s.epoch() + 1, s.round() + 1, s.roundsPerEpoch(), s.step(), s.loss(), s.alpha(),
                momentum("  mu %.4f", s.mu()), s.imagesPerSecond(), DistributedTrainer.eta(s.etaSeconds()));
    }

    /** The line printed for an epoch. */
    static String epochLine(EpochRecord r, int epochs, double etaSeconds) {
        return String.format(Locale.ROOT, "epoch %d/%d  step %d  loss %.4f  val acc %.4f  test acc %.4f  lr %.4g"
                        + "%s  %.0f img/s  wall %s  ETA %s", r.epoch(), epochs, r.step(), r.trainLoss(),
                r.validationAccuracy(), r.testAccuracy(), r.alpha(), momentum("  mu %.4f", r.mu()),
                r.imagesPerSecond(), DistributedTrainer.eta(r.wallSeconds()), DistributedTrainer.eta(etaSeconds));
    }

    /**
     * The momentum field formatted with {@code format}, or "" when the optimizer applies none (Adam reports mu as NaN):
     * a console line should not show "mu NaN".
     */
    static String momentum(String format, double mu) {
        return Double.isNaN(mu) ? "" : String.format(Locale.ROOT, format, mu);
    }
}
