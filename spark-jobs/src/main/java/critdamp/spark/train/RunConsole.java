package critdamp.spark.train;

import critdamp.config.TrainConfig;
import critdamp.run.EpochRecord;
import critdamp.train.RoundPlan;
import critdamp.train.TargetTracker;

import java.io.PrintStream;
import java.util.List;

/**
 * What a run prints: its opening line, the round and epoch progress ({@link TrainingProgress}: a bar on an
 * interactive terminal, plain lines, each once, elsewhere), target crossings and an early stop. Closing it clears any
 * bar, however training ends.
 */
final class RunConsole implements AutoCloseable {
    private final PrintStream out;
    private final TrainingProgress progress;

    RunConsole(PrintStream out, int logEveryRounds) {
        this.out = out;
        this.progress = TrainingProgress.forConsole(out, logEveryRounds);
    }

    void started(TrainConfig config, RoundPlan plan, long validationSize, long totalSteps) {
        out.printf("training %s on %d workers: %d train records/epoch (%d rounds of <= %d images/worker), "
                        + "%d validation, %d epochs, %d steps%n", config.model().kind().configName(), plan.workers(),
                plan.recordsPerEpoch(), plan.roundsPerEpoch(), plan.recordsPerRound(), validationSize,
                config.training().epochs(), totalSteps);
    }

    void round(TrainingProgress.RoundStatus status) {
        progress.round(status);
    }

    void epoch(EpochRecord record, int epochs, double etaSeconds) {
        progress.epoch(record, epochs, etaSeconds);
    }

    void reached(List<TargetTracker.Crossing> crossings) {
        for (TargetTracker.Crossing c : crossings) {
            out.printf("  reached test accuracy %.2f at epoch %d, %.1f s%n", c.target(), c.epoch(), c.wallSeconds());
        }
    }

    void stoppingEarly(double validationAccuracy, double stopAt) {
        out.printf("stopping early: validation accuracy %.4f >= training.stopAtAccuracy %.4f%n", validationAccuracy, stopAt);
    }

    @Override
    public void close() {
        progress.close();
    }
}
