package critdamp.spark.testing;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * What a user's terminal shows while a command runs in this JVM: {@code System.out}, {@code System.err} and the
 * messages logged (the console appender writes the log to the terminal too). Close it to restore the streams.
 */
public final class ConsoleCapture implements AutoCloseable {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<String> logged = Collections.synchronizedList(new ArrayList<>());
    private final PrintStream savedOut = System.out;
    private final PrintStream savedErr = System.err;
    private final AbstractAppender appender;

    public ConsoleCapture() {
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        appender = new AbstractAppender("console-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                logged.add(event.getLoggerName() + " " + event.getLevel() + " "
                        + event.getMessage().getFormattedMessage()
                        + (event.getThrown() == null ? "" : " [thrown " + event.getThrown().getClass().getName() + "]"));
            }
        };
        appender.start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
        ctx.updateLoggers();
    }

    /** Lines printed on stdout. */
    public List<String> out() {
        return lines(out);
    }

    /** Lines printed on stderr (not the log). */
    public List<String> err() {
        return lines(err);
    }

    /** Logged events as "logger LEVEL message", plus " [thrown class]" when one carries a stack trace. */
    public List<String> logged() {
        synchronized (logged) {
            return List.copyOf(logged);
        }
    }

    /** Everything the terminal showed, as lines: stdout, stderr, then the log messages. */
    public List<String> all() {
        List<String> all = new ArrayList<>(out());
        all.addAll(err());
        all.addAll(logged());
        return all;
    }

    private static List<String> lines(ByteArrayOutputStream buf) {
        return Arrays.stream(buf.toString(StandardCharsets.UTF_8).split("\n")).filter(l -> !l.isBlank()).toList();
    }

    @Override
    public void close() {
        System.setOut(savedOut);
        System.setErr(savedErr);
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getRootLogger().removeAppender(appender.getName());
        ctx.updateLoggers();
        appender.stop();
    }
}
