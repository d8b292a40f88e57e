package critdamp.spark.train;

import critdamp.optim.RoundHyperparameters;
import critdamp.base.ConfigException;
import critdamp.config.TrainConfig;
import critdamp.report.RunReport;
import critdamp.run.Checkpoints;
import critdamp.run.EpochRecord;
import critdamp.run.MetricsLog;
import critdamp.run.RoundRecord;
import critdamp.run.RunFiles;
import critdamp.run.RunFolder;
import critdamp.run.RunMetrics;
import critdamp.run.TrainingPosition;
import critdamp.spark.data.TrainingData;
import critdamp.train.RoundPlan;
import critdamp.train.RunExtensions;
import critdamp.train.ScheduleHorizon;
import critdamp.train.TargetTracker;

import java.io.PrintStream;
import java.util.List;

/**
 * One run of the driver's training loop ({@link DistributedTrainer#train}) and where it stands, whatever the engine
 * ({@link RoundTrainer}). Each epoch is its rounds ({@link #runRound}: alpha and mu for the round, fit, record) and its end ({@link #endEpoch}: evaluate, record, report,
 * checkpoint, target crossings, early stop).
 */
final class TrainingSession {
    private final TrainConfig config;
    private final RunFolder folder;
    private final RoundPlan plan;
    private final int epochs;
    private final long totalSteps;
    private final ScheduleHorizon horizon;
    private final RoundHyperparameters hyperparameters;
    private final RoundTrainer trainer;
    private final Checkpoints checkpoints;
    private final MetricsLog<RoundRecord> rounds;
    private final MetricsLog<EpochRecord> epochLog;
    private final EpochHistory history;
    private final long validationSize;
    private final RunConsole console;
    private final RunClock clock;
    private final GcPauses gc = new GcPauses();
    private TrainingPosition pos;
    private String lastCheckpoint;
    /** Seconds spent writing after the last epoch record (its report and checkpoint): the next record counts them. */
    private double writeSecondsAfterRecord;

    /** Sets up the run from {@code start}; on resume, drops the metrics logged after it and replays earlier epochs. */
    TrainingSession(TrainConfig config, RunFolder folder, PrintStream out, RoundTrainer trainer, RoundPlan plan,
                    TrainingPosition start, TrainingData data) {
        this.config = config;
        this.folder = folder;
        this.trainer = trainer;
        this.plan = plan;
        this.epochs = config.training().epochs();
        this.totalSteps = plan.stepsPerEpoch() * epochs;
        this.horizon = ScheduleHorizon.of(plan, scheduleEpochs(folder, epochs));
        this.hyperparameters = RoundHyperparameters.of(config.learningRate(), config.momentum(),
                config.optimizer().kind(), horizon.endStep());
        this.checkpoints = new Checkpoints(folder, config.training().keepCheckpoints());
        this.rounds = new MetricsLog<>(folder, RunFiles.ROUNDS_JSONL);
        this.epochLog = new MetricsLog<>(folder, RunFiles.EPOCHS_JSONL);
        rounds.truncate((int) Math.min(rounds.lines().size(), start.globalRound()));
        epochLog.truncate(Math.min(epochLog.lines().size(), start.epoch()));
        this.history = EpochHistory.of(config.training().targetAccuracies(), epochLog);
        this.validationSize = data.validationSize();
        this.console = new RunConsole(out, config.training().logEveryRounds());
        this.clock = new RunClock(history.wallSeconds());
        this.pos = start;
    }

    /**
     * The epochs the schedules span: {@code epochs}, or for a run extended past them ({@code --extend-epochs}) the
     * length its extension record gives.
     */
    private static int scheduleEpochs(RunFolder folder, int epochs) {
        return folder.exists(RunExtensions.FILE)
                ? RunExtensions.parse(folder.readString(RunExtensions.FILE), RunExtensions.FILE).scheduleEpochs()
                : epochs;
    }

    /** Trains the remaining epochs, or up to an early stop; writes epochs.csv. */
    DistributedTrainer.Result run() {
        console.started(config, plan, validationSize, totalSteps);
        int epoch = pos.epoch();
        try (console) {
            boolean stop = false;
            while (epoch < epochs && !stop) {
                EpochTally tally = trainEpoch(epoch);
                stop = endEpoch(epoch, tally);
                epoch++;
            }
        }
        folder.writeAtomically(RunFiles.EPOCHS_CSV, history.csv());
        return DistributedTrainer.Result.of(epoch, RunMetrics.read(folder).epochs(), clock.wallSeconds(),
                pos.globalStep(), history.crossings(), lastCheckpoint);
    }

    /** The epoch's rounds from where the run stands (a resumed run may start mid-epoch); progress, checkpoints. */
    private EpochTally trainEpoch(int epoch) {
        EpochTally tally = new EpochTally(writeSecondsAfterRecord);
        for (int round = pos.roundInEpoch(); round < plan.roundsPerEpoch(); round++) {
            RoundOutcome r = runRound(epoch, round, tally);
            clock.roundTook(r.seconds());
            long remaining = (long) (epochs - epoch) * plan.roundsPerEpoch() - (round + 1);
            console.round(new TrainingProgress.RoundStatus(epoch, epochs, round, plan.roundsPerEpoch(),
                    pos.globalStep(), r.loss(), r.alpha(), r.mu(), r.imagesPerSecond(), clock.etaSeconds(remaining)));
            if (pos.globalRound() % config.training().checkpointEveryRounds() == 0
                    && round + 1 < plan.roundsPerEpoch()) {
                long t0 = System.nanoTime();
                checkpointed(trainer.checkpoint(checkpoints, pos, null));
                tally.wrote(secondsSince(t0));
            }
        }
        return tally;
    }

    /**
     * One averaging round: pins alpha(t) and mu(t) for the step t the run stands at (past the schedules' end, those
     * of their last round: {@link ScheduleHorizon}), fits, appends the round's record, adds the round to
     * {@code tally} and moves on by the round's steps.
     *
     * @throws DivergenceException when the round's loss is NaN or infinite
     */
    private RoundOutcome runRound(int epoch, int round, EpochTally tally) {
        long step = pos.globalStep();
        double alpha = hyperparameters.alpha(horizon.scheduleStep(step));
        double mu = hyperparameters.mu(horizon.scheduleStep(step));
        RoundTrainer.Fit fit = trainer.fit(epoch, round, alpha, mu);
        RoundOutcome r = new RoundOutcome(alpha, mu, fit.loss(), plan.recordsInRound(round), fit.seconds(),
                fit.dataSeconds(), fit.timings().computeSeconds());
        tally.add(r);
        pos = new TrainingPosition(epoch, round + 1, pos.globalRound() + 1, step + plan.stepsInRound(round));
        long t0 = System.nanoTime();
        rounds.append(new RoundRecord(epoch, round, pos.globalRound(), step, alpha, mu, r.loss(), r.images(),
                r.seconds(), r.imagesPerSecond(), clock.wallSeconds(), fit.timings().computeSeconds(), trainer.bytesPerRound(),
                fit.timings().broadcastSeconds(), fit.timings().aggregateSeconds()));
        tally.wrote(secondsSince(t0));
        if (!Double.isFinite(r.loss())) {
            throw new DivergenceException(String.format("training diverged: loss = %s at epoch %d, round %d, "
                            + "step %d (alpha = %.4g, mu = %.4g). Last good checkpoint: %s. Lower the learning "
                            + "rate and resume from it (--resume), or start again.", r.loss(), epoch + 1, round,
                    pos.globalStep(), alpha, mu, lastCheckpoint == null ? "none yet" : lastCheckpoint));
        }
        return r;
    }

    /**
     * The end of an epoch: evaluates, appends the epoch's record (with where the epoch's seconds went), rewrites the
     * live report, checkpoints, prints the epoch line and any target crossings.
     *
     * @return whether the run stops early here
     */
    private boolean endEpoch(int epoch, EpochTally tally) {
        pos = new TrainingPosition(epoch + 1, 0, pos.globalRound(), pos.globalStep()); // the next epoch's start
        long t0 = System.nanoTime();
        RoundTrainer.Evaluated eval = trainer.evaluate();
        EpochRecord rec = tally.record(epoch + 1, pos.globalStep(), eval, secondsSince(t0), gc.sinceLastReading(),
                clock.wallSeconds());
        long t1 = System.nanoTime();
        epochLog.append(rec);
        RunReport.writeLive(folder); // report.html after every epoch: an open report is a live view
        List<TargetTracker.Crossing> reached = history.add(rec);
        checkpointed(trainer.checkpoint(checkpoints, pos, eval.validationAccuracy()));
        writeSecondsAfterRecord = secondsSince(t1);
        long remainingRounds = (long) (epochs - epoch - 1) * plan.roundsPerEpoch();
        console.epoch(rec, epochs, clock.etaSeconds(remainingRounds));
        console.reached(reached);
        return stopsEarly(rec);
    }

    /**
     * Whether the run stops after {@code rec}: its validation accuracy reached {@code training.stopAtAccuracy}. A
     * decision, so it reads the validation split; the test set only measures.
     *
     * @throws ConfigException when a stop is configured but the run has no validation split to read
     */
    private boolean stopsEarly(EpochRecord rec) {
        Double stopAt = config.training().stopAtAccuracy();
        if (stopAt == null) {
            return false;
        }
        if (!Double.isFinite(rec.validationAccuracy())) {
            throw new ConfigException("training.stopAtAccuracy = " + stopAt + " reads validation accuracy, and this "
                    + "run has none (data.validationFraction = " + config.data().validationFraction() + "): set "
                    + "data.validationFraction > 0 or drop training.stopAtAccuracy");
        }
        if (rec.validationAccuracy() >= stopAt) {
            console.stoppingEarly(rec.validationAccuracy(), stopAt);
            return true;
        }
        return false;
    }

    /** {@code file} is the run's last checkpoint now: summary.json names it, and so does a stop ({@link RunStop}). */
    private void checkpointed(String file) {
        lastCheckpoint = file;
        RunStop.checkpointed(folder.relativize(file), RunStop.position(pos));
    }

    private static double secondsSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1e9;
    }
}
