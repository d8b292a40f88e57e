package critdamp.spark.train;

import critdamp.run.EpochRecord;

import java.io.PrintStream;

/** Progress as plain lines, for output that is not a terminal: a round line every n rounds, every epoch line. */
final class PlainProgress implements TrainingProgress {
    private final PrintStream out;
    private final int logEveryRounds;

    PlainProgress(PrintStream out, int logEveryRounds) {
        if (logEveryRounds < 1) {
            throw new IllegalArgumentException("training.logEveryRounds must be at least 1, got " + logEveryRounds);
        }
        this.out = out;
        this.logEveryRounds = logEveryRounds;
    }

    @Override
    public void round(RoundStatus s) {
        if ((s.round() + 1) % logEveryRounds == 0) {
            out.println(TrainingProgress.roundLine(s));
        }
    }

    @Override
    public void epoch(EpochRecord record, int epochs, double etaSeconds) {
        out.println(TrainingProgress.epochLine(record, epochs, etaSeconds));
    }

    @Override
    public void close() {
        out.flush();
    }
}
