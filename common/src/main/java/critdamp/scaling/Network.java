package critdamp.scaling;

import critdamp.base.Check;

/**
 * The wire between nodes, an assumption of a prediction: every node (the driver too) has one link of the given
 * bandwidth, and each message pays the latency once.
 *
 * @param label          how tables name it ("10 Gb/s")
 * @param secondsPerByte transfer time of one byte ({@code 8 / bits per second}); 0 where the fitted per-byte cost
 *                       already holds the transfer (the measurements' own loopback)
 * @param latencySeconds one message's latency
 */
public record Network(String label, double secondsPerByte, double latencySeconds) {
    /** No wire: the fitted coefficients alone, as on the machine they were measured on. */
    public static final Network MEASURED = new Network("as measured", 0, 0);

    public Network {
        Check.notBlank("label", label);
        Check.nonNegative("secondsPerByte", secondsPerByte);
        Check.nonNegative("latencySeconds", latencySeconds);
    }

    /** A link of {@code gigabitsPerSecond} Gb/s (10^9 bits) with the given latency. */
    public static Network gigabits(double gigabitsPerSecond, double latencySeconds) {
        Check.positive("gigabitsPerSecond", gigabitsPerSecond);
        return new Network(trim(gigabitsPerSecond) + " Gb/s", 8 / (gigabitsPerSecond * 1e9), latencySeconds);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
