package critdamp.spark.cli;

import critdamp.base.ConfigException;
import critdamp.engine.EngineMismatchException;
import critdamp.data.DataFormatException;
import critdamp.base.NearestName;
import critdamp.run.RunFolderBusyException;
import critdamp.run.RunFolderWriteException;
import critdamp.spark.train.RunStop;
import critdamp.spark.train.DivergenceException;
import org.apache.hadoop.fs.FSError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns failures into one clear line on stderr and an exit code, instead of a stack trace: the messages of our
 * exceptions already say what and where. Bad data (a {@link DataFormatException} anywhere in the cause chain, also
 * inside a failed Spark task) is a usage error like bad config; a file that could not be written names the file and
 * the file system's reason. The stack trace goes to the log at DEBUG on the {@value #TRACE_LOGGER} logger
 * ({@code conf/log4j2.properties} sends it to a file, never to the console); {@code CRITDAMP_DEBUG=1} also prints it.
 * A command stopped by SIGTERM or SIGINT ends with {@link RunStop}'s line instead of whatever failed because of it.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    static final int USAGE = 2;
    static final int DIVERGED = 3;
    /** The run folder is held by another live run (its lease): nothing was written; try again when it has ended. */
    static final int BUSY = 4;
    /** Logger that receives the stack trace of every failure. */
    static final String TRACE_LOGGER = "critdamp.errors";
    private static final Logger TRACE = LoggerFactory.getLogger(TRACE_LOGGER);
    /** A stack-trace line as Java prints it: "at pkg.Class.method(File.java:12)". */
    private static final Pattern STACK_FRAME = Pattern.compile("at \\S+\\(.*\\)");

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        if (RunStop.signal().isPresent()) { // whatever failed, it failed because the process is stopping
            RunStop.report("critdamp " + cmd.getCommandName(), System.err);
            TRACE.debug("critdamp {} stopped by {}", cmd.getCommandName(), RunStop.signal().get(), ex);
            return RunStop.exitCode();
        }
        TRACE.debug("critdamp {} failed", cmd.getCommandName(), ex);
        if (System.getenv("CRITDAMP_DEBUG") != null) {
            ex.printStackTrace(System.err);
        }
        if (ex instanceof ConfigException) {
            System.err.println("critdamp: config error: " + ex.getMessage());
            return USAGE;
        }
        if (ex instanceof UsageException) {
            System.err.println("critdamp " + cmd.getCommandName() + ": " + ex.getMessage());
            return USAGE;
        }
        if (ex instanceof DivergenceException) {
            System.err.println("critdamp: " + ex.getMessage());
            return DIVERGED;
        }
        EngineMismatchException engine = find(ex, EngineMismatchException.class);
        if (engine != null) {
            System.err.println("critdamp " + cmd.getCommandName() + ": " + engine.getMessage());
            return USAGE;
        }
        RunFolderBusyException busy = find(ex, RunFolderBusyException.class);
        if (busy != null) {
            System.err.println("critdamp " + cmd.getCommandName() + ": " + busy.getMessage());
            return BUSY;
        }
        DataFormatException data = find(ex, DataFormatException.class);
        if (data != null) {
            System.err.println("critdamp: data error: " + data.getMessage());
            return USAGE;
        }
        RunFolderWriteException write = find(ex, RunFolderWriteException.class);
        if (write != null) {
            System.err.println("critdamp " + cmd.getCommandName() + ": " + write.getMessage());
            return 1;
        }
        if (ex instanceof FileSystemErrorException fs) {
            System.err.println("critdamp " + cmd.getCommandName() + ": file system error: " + fs.getMessage());
            return 1;
        }
        System.err.println("critdamp " + cmd.getCommandName() + ": " + describe(ex));
        return 1;
    }

    /**
     * A mistyped command or option is one line with the nearest name, if one is near, and where the names are listed;
     * any other bad argument gets its message and the command's usage.
     */
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            System.err.println(unknownName(unmatched));
            return USAGE;
        }
        System.err.println("critdamp: " + ex.getMessage());
        ex.getCommandLine().usage(System.err);
        return USAGE;
    }

    /**
     * "critdamp: unknown command 'trian'; did you mean 'train'? (see critdamp --help)", or for an option
     * "critdamp train: unknown option '--resum'; did you mean '--resume'? (see critdamp train --help)": the
     * {@link NearestName}, where one is near.
     */
    static String unknownName(CommandLine.UnmatchedArgumentException ex) {
        CommandLine cmd = ex.getCommandLine();
        String typed = ex.getUnmatched().get(0);
        boolean option = ex.isUnknownOption();
        String what = option ? "option" : cmd.getSubcommands().isEmpty() ? "argument" : "command";
        List<String> names = option
                ? cmd.getCommandSpec().options().stream().flatMap(o -> Arrays.stream(o.names())).toList()
                : List.copyOf(cmd.getSubcommands().keySet());
        String name = cmd.getCommandSpec().qualifiedName();
        return name + ": unknown " + what + " '" + typed + "'"
                + NearestName.of(typed, names).map(n -> "; did you mean '" + n + "'?").orElse("")
                + " (see " + name + " --help)";
    }

    /**
     * Picocli hands only exceptions to the handler; Hadoop reports a failed local write (a full disk) as
     * {@link FSError}, an {@code Error}, which would end the JVM with a raw trace. This strategy turns it into an
     * exception the handler sees.
     */
    static CommandLine.IExecutionStrategy catchingFileSystemErrors(CommandLine.IExecutionStrategy strategy) {
        return parseResult -> {
            try {
                return strategy.execute(parseResult);
            } catch (FSError e) {
                CommandLine sub = parseResult.subcommand() != null
                        ? parseResult.subcommand().commandSpec().commandLine() : parseResult.commandSpec().commandLine();
                throw new CommandLine.ExecutionException(sub, e.getMessage(), new FileSystemErrorException(e));
            }
        };
    }

    /** An {@link FSError} carried as an exception; the message is the file system's reason. */
    static final class FileSystemErrorException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FileSystemErrorException(FSError error) {
            super(error.getCause() != null && error.getCause().getMessage() != null
                    ? error.getCause().getMessage() : String.valueOf(error.getMessage()), error);
        }
    }

    /** The first throwable of type {@code type} in {@code t}'s cause chain, or null. */
    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder(withoutStackTrace(String.valueOf(t.getMessage())));
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            String message = c.getMessage() == null ? null : withoutStackTrace(c.getMessage());
            if (message != null && !sb.toString().contains(message)) {
                sb.append("\n  caused by: ").append(message);
            }
        }
        return sb.toString();
    }

    /**
     * A failed Spark job's message embeds the task's stack trace as text ("Job aborted due to stage failure: ...:
     * java.lang.X: reason", then "\tat ..." frames and "Driver stacktrace:"). Keeps the lines before the first
     * frame, so the console gets the reason and the trace stays in the errors file.
     */
    static String withoutStackTrace(String message) {
        StringBuilder kept = new StringBuilder();
        for (String line : message.split("\n")) {
            String trimmed = line.strip();
            if (STACK_FRAME.matcher(trimmed).matches() || trimmed.startsWith("Driver stacktrace:")) {
                break;
            }
            if (!trimmed.isEmpty()) {
                kept.append(kept.length() == 0 ? "" : "\n").append(line.stripTrailing());
            }
        }
        return kept.length() == 0 ? message.strip() : kept.toString();
    }
}
