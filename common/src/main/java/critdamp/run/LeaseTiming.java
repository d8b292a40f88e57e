package critdamp.run;

import critdamp.base.ConfigException;

import java.time.Duration;

/**
 * How often a run refreshes its folder's lease ({@link RunLease}) and how long a lease may go unrefreshed before
 * another run takes it over. Defaults: a refresh every 10 s, taken over after 60 s; the system properties
 * {@value #HEARTBEAT_PROPERTY} and {@value #STALE_PROPERTY} (seconds, decimals allowed) change them, e.g. for tests.
 * The limit is at least three refreshes, so one slow refresh never lets a live run's folder go; it also bounds how far
 * the clocks of two hosts sharing a results folder may drift apart (less than the limit minus one refresh).
 *
 * @param heartbeat  time between two refreshes of a held lease
 * @param staleAfter a lease not refreshed for longer than this is abandoned and may be taken over
 */
public record LeaseTiming(Duration heartbeat, Duration staleAfter) {
    public static final String HEARTBEAT_PROPERTY = "critdamp.lease.heartbeatSeconds";
    public static final String STALE_PROPERTY = "critdamp.lease.staleSeconds";
    public static final LeaseTiming DEFAULT = new LeaseTiming(Duration.ofSeconds(10), Duration.ofSeconds(60));

    public LeaseTiming {
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new ConfigException(HEARTBEAT_PROPERTY + " = " + seconds(heartbeat) + ": must be > 0");
        }
        if (staleAfter.compareTo(heartbeat.multipliedBy(3)) < 0) {
            throw new ConfigException(STALE_PROPERTY + " = " + seconds(staleAfter) + ": must be at least 3 x "
                    + HEARTBEAT_PROPERTY + " (" + seconds(heartbeat) + ")");
        }
    }

    /** The timing the system properties give now ({@link #DEFAULT} where they are unset). */
    public static LeaseTiming current() {
        return new LeaseTiming(property(HEARTBEAT_PROPERTY, DEFAULT.heartbeat),
                property(STALE_PROPERTY, DEFAULT.staleAfter));
    }

    private static Duration property(String name, Duration fallback) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            double s = Double.parseDouble(value.strip());
            if (!(s > 0) || s > 86_400) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(Math.round(s * 1000));
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " = " + value + ": must be a number of seconds in (0, 86400]");
        }
    }

    /** {@code d} in seconds, as a person reads it ({@code 10}, {@code 0.5}). */
    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? String.valueOf(ms / 1000) : String.valueOf(ms / 1000.0);
    }
}
