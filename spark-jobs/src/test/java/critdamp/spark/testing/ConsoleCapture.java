package critdamp.spark.testing;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * What a user's terminal shows while a command runs in this JVM: {@code System.out}, {@code System.err} and the
 * messages logged (the console appender writes the log to the terminal too). Close it to restore the streams; or,
 * from {@link #perTest}, register it as a JUnit extension: it then captures each test on its own.
 */
public final class ConsoleCapture implements AutoCloseable, BeforeEachCallback, AfterEachCallback {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<String> logged = Collections.synchronizedList(new ArrayList<>());
    private PrintStream savedOut;
    private PrintStream savedErr;
    private AbstractAppender appender;

    /** Captures from now until {@link #close}. */
    public ConsoleCapture() {
        this(true);
    }

    private ConsoleCapture(boolean now) {
        if (now) {
            start();
        }
    }

    /**
     * For a test class's instance field, {@code @RegisterExtension final ConsoleCapture console =
     * ConsoleCapture.perTest();}: captures from each test's start and restores the console after it.
     */
    public static ConsoleCapture perTest() {
        return new ConsoleCapture(false);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    private void start() {
        savedOut = System.out;
        savedErr = System.err;
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

    /** Everything printed on stdout, as printed. */
    public String outText() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Everything printed on stderr (not the log), as printed. */
    public String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Forgets what stdout and stderr showed so far, so that a test's next command is checked on its own. */
    public void clear() {
        out.reset();
        err.reset();
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
