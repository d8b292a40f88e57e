package critdamp.spark.train;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * This JVM's garbage-collection time, read from its collectors' MXBeans (for G1: the young and mixed/full pauses) as
 * the seconds added since the previous reading. In local mode the workers train in this JVM, so their collections
 * count here too; executors in JVMs of their own are not seen.
 */
final class GcPauses {
    private double last = total();

    /** Seconds of collection since the previous call (or since this was made). */
    double sinceLastReading() {
        double now = total();
        double delta = now - last;
        last = now;
        return delta;
    }

    private static double total() {
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime()); // -1: a collector that does not report its time
        }
        return ms / 1000.0;
    }
}
