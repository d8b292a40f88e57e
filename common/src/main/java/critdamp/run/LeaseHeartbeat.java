package critdamp.run;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ShutdownHookManager;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * This JVM's keeper of the run-folder leases it holds ({@link RunLease}): one daemon thread refreshes each of them
 * every heartbeat, and a shutdown hook releases those still held when the JVM ends (normal exit, an uncaught error,
 * SIGTERM or SIGINT), so only a process killed outright (SIGKILL, a lost machine) leaves a lease behind, for the next
 * run to take over once it is stale. The hook runs in Hadoop's shutdown order after Spark's and before the file
 * systems close.
 */
final class LeaseHeartbeat {
    /** Before {@link FileSystem#SHUTDOWN_HOOK_PRIORITY} (the file systems close) and after Spark's hook (40). */
    static final int SHUTDOWN_PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 10;
    private static final Set<RunLease> HELD = ConcurrentHashMap.newKeySet();
    private static ScheduledExecutorService scheduler;

    private LeaseHeartbeat() {
    }

    /** Refreshes {@code lease} every {@code every} from now on, until {@link #stop}. */
    static synchronized ScheduledFuture<?> start(RunLease lease, Duration every) {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "critdamp-run-lease");
                t.setDaemon(true);
                return t;
            });
            try {
                ShutdownHookManager.get().addShutdownHook(LeaseHeartbeat::releaseAll, SHUTDOWN_PRIORITY);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: nothing to hook into any more
            }
        }
        HELD.add(lease);
        long ms = every.toMillis();
        return scheduler.scheduleWithFixedDelay(lease::refresh, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Stops refreshing {@code lease}. */
    static void stop(RunLease lease, ScheduledFuture<?> refresher) {
        if (refresher != null) {
            refresher.cancel(false);
        }
        HELD.remove(lease);
    }

    /** The leases this JVM holds now. */
    static List<RunLease> held() {
        return List.copyOf(HELD);
    }

    private static void releaseAll() {
        for (RunLease lease : held()) {
            lease.close();
        }
    }
}
