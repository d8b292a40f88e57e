package critdamp.spark.train;

import critdamp.run.EpochRecord;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress on a terminal ({@code me.tongfei:progressbar}): one bar per epoch, counting its averaging rounds, with the
 * schedule step t, the round's loss, alpha (lr), mu, images/s and the run's ETA beside it. When the epoch ends the bar is cleared and the epoch's line
 * printed in its place, so the scroll-back holds one line per epoch, as in a log.
 */
final class ProgressBarProgress implements TrainingProgress {
    private final PrintStream out;
    /** Columns to draw in; 0: the terminal's width (measured by the library through JLine). */
    private final int width;
    private ProgressBar bar;
    private SameLineConsumer consumer;
    private int barEpoch = -1;

    ProgressBarProgress(PrintStream out) {
        this(out, 0);
    }

    /** With a fixed width (tests: no terminal to measure). */
    ProgressBarProgress(PrintStream out, int width) {
        this.out = out;
        this.width = width;
    }

    @Override
    public void round(RoundStatus s) {
        if (bar == null || barEpoch != s.epoch()) {
            closeBar();
            bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", s.epoch() + 1,
                            s.epochs()))
                    .setInitialMax(s.roundsPerEpoch()).setStyle(ProgressBarStyle.UNICODE_BLOCK)
                    .setUpdateIntervalMillis(500).hideEta()
                    .setConsumer(consumer = new SameLineConsumer(out, width > 0 ? width : -1)).build();
            barEpoch = s.epoch();
        }
        bar.stepTo(s.round() + 1);
        // compact, so that an 80-column terminal still has room for some bar
        bar.setExtraMessage(String.format(Locale.ROOT, "t=%d loss %.4f α=%.3g%s %.0f img/s ETA %s",
                s.step(), s.loss(), s.alpha(), TrainingProgress.momentum(" μ=%.3f", s.mu()), s.imagesPerSecond(),
                DistributedTrainer.eta(s.etaSeconds())));
    }

    @Override
    public void epoch(EpochRecord record, int epochs, double etaSeconds) {
        closeBar();
        out.println(TrainingProgress.epochLine(record, epochs, etaSeconds));
    }

    @Override
    public void close() {
        closeBar();
        out.flush();
    }

    /** Draws the bar on one line with carriage returns; on close only flushes (the library's prints a newline,
     * which after clearing the bar would leave an empty line above each epoch line). */
    private static final class SameLineConsumer extends ConsoleProgressBarConsumer {
        private final PrintStream stream;
        private int widest;

        SameLineConsumer(PrintStream out, int width) {
            super(out, width);
            this.stream = out;
        }

        @Override
        public void accept(String rendered) {
            widest = Math.max(widest, rendered.length());
            super.accept(rendered);
        }

        /** Blanks the bar's line and returns the cursor to its start (the library's own clearing proved racy). */
        void clearLine() {
            stream.print("\r" + " ".repeat(widest) + "\r");
            stream.flush();
        }

        @Override
        public void close() {
            stream.flush();
        }
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            consumer.clearLine();
            bar = null;
            consumer = null;
            barEpoch = -1;
        }
    }
}
