package critdamp.spark.cli;

import critdamp.config.ConfigException;
import critdamp.spark.train.DivergenceException;
import picocli.CommandLine;

/**
 * Turns failures into one clear line on stderr and an exit code, instead of a stack trace: the messages of our
 * exceptions already say what and where. Set {@code CRITDAMP_DEBUG=1} for the stack trace.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    static final int USAGE = 2;
    static final int DIVERGED = 3;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        if (System.getenv("CRITDAMP_DEBUG") != null) {
            ex.printStackTrace(System.err);
        }
        if (ex instanceof ConfigException) {
            System.err.println("critdamp: config error: " + ex.getMessage());
            return USAGE;
        }
        if (ex instanceof DivergenceException) {
            System.err.println("critdamp: " + ex.getMessage());
            return DIVERGED;
        }
        System.err.println("critdamp " + cmd.getCommandName() + ": " + describe(ex));
        return 1;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        System.err.println("critdamp: " + ex.getMessage());
        ex.getCommandLine().usage(System.err);
        return USAGE;
    }

    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder(String.valueOf(t.getMessage()));
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
                sb.append("\n  caused by: ").append(c.getMessage());
            }
        }
        return sb.toString();
    }
}
