package critdamp.spark.train;

import critdamp.run.TrainingPosition;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import sun.misc.Signal;

import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A command stopped by SIGTERM (a scheduler, {@code kill}) or SIGINT (Ctrl-C) ends with one line: that it was
 * stopped, the run's last checkpoint and the command that resumes it; and with exit code 128 + the signal's number
 * (143 for SIGTERM, 130 for SIGINT), as shells report a process ended by a signal.
 *
 * <p>How: {@link #install} (the command line's {@code main}) handles both signals: it records which one arrived,
 * then shuts the JVM down as the JVM's own handler would. Spark's shutdown hook stops the context, so the job the
 * command waits on fails ("Job 64 cancelled because SparkContext was shut down", or "Cannot call methods on a stopped
 * SparkContext"); the command line's error handler, seeing {@link #signal}, prints {@link #report}'s line instead of
 * that failure, and the libraries' log, whose complaints are then the stop's own doing, is off. A shutdown hook of
 * ours holds the exit until the line is out, at most {@value #REPORT_WAIT_SECONDS} s; a command that has not failed by
 * then gets the line from the hook. A second signal ends the JVM at once.
 *
 * <p>What the line says comes from the run: the command registers how it is run again ({@link #command}), the
 * training run its folder ({@link #training}) and each checkpoint written ({@link #checkpointed}).
 */
public final class RunStop {
    /** How long the exit waits for the command to report the stop. */
    static final int REPORT_WAIT_SECONDS = 15;
    private static volatile Signal received;
    private static volatile Commands commands;
    private static volatile Run run;
    private static final AtomicBoolean REPORTED = new AtomicBoolean();
    private static final CountDownLatch ENDED = new CountDownLatch(1);

    private RunStop() {
    }

    /**
     * The running command and how it is run again.
     *
     * @param name  e.g. "critdamp train", the line's head
     * @param again the command line as given
     * @param base  the same without {@code --resume} and its options: what a resume appends {@code --resume} to
     */
    private record Commands(String name, String again, String base) {
    }

    /**
     * Where the training run stands.
     *
     * @param folder     the run folder
     * @param renamedTo  the folder's name when it is not the configured {@code run.name} (that name was taken)
     * @param checkpoint the last checkpoint, relative to the folder; null before the first
     * @param position   where the checkpoint resumes, e.g. "epoch 2, round 1"
     */
    private record Run(String folder, String renamedTo, String checkpoint, String position) {
    }

    /** Handles SIGTERM and SIGINT as described above; for the command line's {@code main} only. */
    public static void install() {
        for (String name : new String[]{"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), RunStop::stop);
            } catch (IllegalArgumentException e) {
                // the JVM or the OS keeps this signal (e.g. -Xrs): its default handling stands
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(RunStop::awaitReport, "critdamp-stop-report"));
    }

    private static void stop(Signal signal) {
        if (received != null) {
            Runtime.getRuntime().halt(128 + signal.getNumber()); // a second signal: no more waiting
        }
        received = signal;
        quietLibraries();
        System.exit(128 + signal.getNumber());
    }

    /**
     * Switches off, for the rest of the process, the log of Spark and the libraries (the loggers that take the root
     * logger's level): once the process is stopping, their warnings and errors are the stop's own doing (cancelled
     * jobs, tasks refused by a stopped executor) and would bury the line that says what happened. critdamp's own
     * loggers keep their levels.
     */
    private static void quietLibraries() {
        try {
            Configurator.setRootLevel(Level.OFF);
        } catch (RuntimeException | LinkageError e) {
            // another logging backend than log4j's: its lines stay
        }
    }

    /** The signal that stopped this process ("SIGTERM", "SIGINT"); empty while none did. */
    public static Optional<String> signal() {
        Signal s = received;
        return s == null ? Optional.empty() : Optional.of("SIG" + s.getName());
    }

    /** The exit code of a process stopped by {@link #signal}: 128 + its number. */
    public static int exitCode() {
        Signal s = received;
        return s == null ? 0 : 128 + s.getNumber();
    }

    /**
     * The running command {@code name} ("critdamp train"): {@code again} as given, {@code base} without
     * {@code --resume} and its options.
     */
    public static void command(String name, String again, String base) {
        commands = new Commands(name, again, base);
    }

    /**
     * The training run's folder, once its records are written; {@code renamedTo} when its name is not the configured
     * one, {@code checkpoint} (relative) and {@code position} when it resumes from one.
     */
    static void training(String folder, String renamedTo, String checkpoint, String position) {
        run = new Run(folder, renamedTo, checkpoint, position);
    }

    /** A checkpoint was written: {@code checkpoint} relative to the run folder, at {@code position}. */
    static void checkpointed(String checkpoint, String position) {
        Run r = run;
        if (r != null) {
            run = new Run(r.folder(), r.renamedTo(), checkpoint, position);
        }
    }

    /** Where a run at {@code p} continues, as the stop line and the resume say it: "epoch 2, round 1". */
    static String position(TrainingPosition p) {
        return "epoch " + (p.epoch() + 1) + ", round " + p.roundInEpoch();
    }

    /** The run's folder was removed (a new run that had not trained a round). */
    static void folderRemoved() {
        run = null;
    }

    /** The command ended (normally or by its error handler): the exit need not wait. */
    public static void ended() {
        ENDED.countDown();
    }

    /**
     * Prints the stop line to {@code out}, once per process: the first caller prints it, any other prints nothing.
     * {@code command} ("critdamp train") heads it where the command registered none.
     */
    public static void report(String command, PrintStream out) {
        if (REPORTED.compareAndSet(false, true)) {
            out.println(line(command));
            out.flush();
        }
        ended();
    }

    /** The stop line, from what the command and its run registered; headed by {@code command} where none did. */
    static String line(String command) {
        Commands c = commands;
        Run r = run;
        String head = (c == null ? command : c.name()) + ": stopped by " + signal().orElse("a signal");
        if (c == null) {
            return head;
        }
        if (r == null) {
            return head + " before training started; run it again with: " + c.again();
        }
        if (r.checkpoint() == null) {
            return head + " before the first checkpoint of " + r.folder() + ", which holds nothing to resume "
                    + "from; start again with: " + c.base();
        }
        return head + "; run folder " + r.folder() + ", last checkpoint " + r.checkpoint() + " (resumes at "
                + r.position() + "); resume with: " + c.base()
                + (r.renamedTo() == null ? "" : " --set run.name=" + r.renamedTo()) + " --resume";
    }

    private static void awaitReport() {
        if (received == null) {
            return;
        }
        try {
            if (!ENDED.await(REPORT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                report("critdamp", System.err);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** As if {@code signal} ("TERM", "INT") had arrived, without stopping anything (tests). */
    static void simulate(String signal) {
        received = signal == null ? null : new Signal(signal);
    }

    /** Forgets the signal, the registered command and run (tests). */
    static void reset() {
        received = null;
        commands = null;
        run = null;
        REPORTED.set(false);
    }
}
