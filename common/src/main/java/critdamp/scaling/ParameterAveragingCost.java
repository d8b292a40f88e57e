package critdamp.scaling;

import critdamp.base.Check;

import java.util.OptionalInt;

/**
 * The time of one parameter-averaging round (DL4J's {@code ParameterAveragingTrainingMaster} on Spark) with
 * {@code N} workers, one per node, each training {@code averagingFrequency} minibatches between averagings:
 *
 * <pre>
 *   T(N) = C + a0 + a1 N + (beta + w) (X_bcast(N) + X_agg(N)) + lambda (levels + 2)
 * </pre>
 *
 * where {@code C} is one worker's compute for the round (workers train in parallel, so weak scaling keeps it fixed),
 * {@code a0, a1, beta} are the {@link OverheadCoefficients}, {@code w} and {@code lambda} the {@link Network}'s
 * seconds per byte and latency, and {@code X_bcast + X_agg} the {@link AveragingTraffic}'s slowest-path bytes (the
 * {@link TorrentBroadcast}'s, then {@code P} bytes per critical-path partial of the {@link TreeAggregation}, {@code P}
 * one worker's parameters plus, when averaged, its updater state), with {@code levels + 2} messages in sequence.
 * Compute and communication do not overlap: DL4J broadcasts, trains, then aggregates.
 *
 * @param coefficients the fitted (or assumed) Spark and JVM costs
 * @param network      the wire the prediction assumes
 * @param traffic      the round's bytes: broadcast piece size and aggregation depth
 */
public record ParameterAveragingCost(OverheadCoefficients coefficients, Network network, AveragingTraffic traffic) {

    /** Seconds one byte costs on the slowest path: the JVMs' per-byte work plus the wire. */
    public double secondsPerByte() {
        return coefficients.secondsPerByte() + network.secondsPerByte();
    }

    /** Everything in a round but compute. */
    public double overheadSeconds(int workers, double payloadBytes) {
        return coefficients.fixedSeconds() + coefficients.perWorkerSeconds() * workers
                + secondsPerByte() * traffic.criticalPathBytes(workers, payloadBytes)
                + network.latencySeconds() * traffic.sequentialMessages(workers);
    }

    /** A round's wall time when each worker computes for {@code computeSeconds}. */
    public double roundSeconds(int workers, double payloadBytes, double computeSeconds) {
        return computeSeconds + overheadSeconds(workers, payloadBytes);
    }

    /**
     * Weak-scaling efficiency: one node's throughput without Spark ({@code computeSeconds} per round) over each of
     * {@code workers} nodes' throughput here, {@code C / T(N)}. Below 1 even at one worker: Spark's own cost.
     */
    public double efficiency(int workers, double payloadBytes, double computeSeconds) {
        return computeSeconds / roundSeconds(workers, payloadBytes, computeSeconds);
    }

    /** Time the driver's link spends on the round's bytes (its broadcast share and the partials it receives). */
    public double driverSeconds(int workers, double payloadBytes) {
        return secondsPerByte() * traffic.driverBytes(workers, payloadBytes);
    }

    /**
     * The fewest workers, up to {@code maxWorkers}, at which the driver's link is busier than a worker's compute
     * ({@link #driverSeconds} >= {@code computeSeconds}); empty if none.
     */
    public OptionalInt driverBottleneck(double payloadBytes, double computeSeconds, int maxWorkers) {
        for (int n = 1; n <= maxWorkers; n++) {
            if (driverSeconds(n, payloadBytes) >= computeSeconds) {
                return OptionalInt.of(n);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * The smallest averaging frequency (minibatches per round) that keeps {@link #efficiency} at {@code target} or
     * above: the overhead {@code O} does not depend on it, so {@code f s / (f s + O) >= E} gives
     * {@code f >= E / (1 - E) x O / s}, with {@code s} one minibatch's compute.
     */
    public int minAveragingFrequency(int workers, double payloadBytes, double stepSeconds, double target) {
        Check.positive("stepSeconds", stepSeconds);
        Check.inHalfOpen("target", target, 0, 1);
        double f = target / (1 - target) * overheadSeconds(workers, payloadBytes) / stepSeconds;
        return (int) Math.max(1, Math.ceil(f - 1e-9));
    }
}
