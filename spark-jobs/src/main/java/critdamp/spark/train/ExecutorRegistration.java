package critdamp.spark.train;

import org.apache.spark.api.java.JavaSparkContext;

import java.time.Duration;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * Makes sure an application has all the executors it asked for before it trains: a measurement that runs with
 * fewer workers than it says (a scaling study's size) would be quietly wrong. Spark itself only delays the first
 * job until {@code spark.scheduler.minRegisteredResourcesRatio} of them registered or
 * {@code spark.scheduler.maxRegisteredResourcesWaitingTime} passed, then goes on with what it has; this check fails
 * instead, with one line naming both counts, the master and the timeout. Local modes ({@code local}, {@code local[N]})
 * have no executors to wait for and pass; {@code local-cluster[...]} has.
 */
public final class ExecutorRegistration {
    private static final long POLL_MILLIS = 200;

    private ExecutorRegistration() {
    }

    /** Fewer executors registered than expected, within the timeout. */
    public static final class MissingExecutorsException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        MissingExecutorsException(String message) {
            super(message);
        }
    }

    /**
     * Waits until {@code expected} executors have registered with {@code sc}, counting {@code timeout} from the
     * context's start.
     *
     * @throws MissingExecutorsException when fewer registered in time
     */
    public static void await(JavaSparkContext sc, int expected, Duration timeout) {
        if (!hasExecutors(sc.master())) {
            return;
        }
        // getExecutorMemoryStatus has one block manager per executor plus the driver's
        long deadline = sc.startTime() + timeout.toMillis();
        await(() -> sc.sc().getExecutorMemoryStatus().size() - 1, expected, deadline, sc.master(), timeout);
    }

    /** Polls {@code registered} until it reaches {@code expected} or the clock passes {@code deadlineMillis}. */
    static void await(IntSupplier registered, int expected, long deadlineMillis, String master, Duration timeout) {
        int n = registered.getAsInt();
        while (n < expected && System.currentTimeMillis() < deadlineMillis) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            n = registered.getAsInt();
        }
        if (n < expected) {
            throw new MissingExecutorsException(message(expected, n, master, timeout));
        }
    }

    /** The failure's one line. */
    static String message(int expected, int registered, String master, Duration timeout) {
        return String.format(Locale.ROOT, "only %d of the %d executors expected registered within %d s (master %s): "
                        + "the cluster lacks free cores or memory for them, or they failed to start (see the "
                        + "executors' logs); ask for fewer workers or a longer wait "
                        + "(critdamp scaling --executor-timeout)", registered, expected, timeout.toSeconds(), master);
    }

    /** Whether {@code master} runs executors: everything but the local modes that train in the driver's JVM. */
    static boolean hasExecutors(String master) {
        return !(master.equals("local") || master.startsWith("local["));
    }
}
