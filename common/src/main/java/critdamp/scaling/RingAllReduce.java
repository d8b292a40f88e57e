package critdamp.scaling;

/**
 * Ring all-reduce (Baidu's and Horovod's pattern, Patarasuk and Yuan 2009), for comparison on paper: each of
 * {@code N} workers sends and receives {@code 2 (N - 1) / N x P} bytes in {@code 2 (N - 1)} steps (a reduce-scatter,
 * then an all-gather, of {@code P / N}-byte chunks), so its time
 *
 * <pre>
 *   T_ring(N) = 2 (N - 1) / N x P w + 2 (N - 1) lambda
 * </pre>
 *
 * approaches {@code 2 P w} as {@code N} grows: no node carries more than twice the payload, unlike the driver of
 * parameter averaging. The wire ({@code w}, {@code lambda}) only: no Spark job per round and no JVM per-byte cost, as
 * an MPI or NCCL ring runs; and no overlap with compute (Horovod overlaps the all-reduce with back-propagation, so
 * this is pessimistic for it).
 *
 * @param network the wire
 */
public record RingAllReduce(Network network) {
    /** Seconds of one all-reduce of {@code payloadBytes} over {@code workers}; 0 for one worker. */
    public double seconds(int workers, double payloadBytes) {
        double steps = 2.0 * (workers - 1);
        return steps / workers * payloadBytes * network.secondsPerByte() + steps * network.latencySeconds();
    }

    /** Weak-scaling efficiency {@code C / (C + T_ring)} with {@code computeSeconds} of compute between all-reduces. */
    public double efficiency(int workers, double payloadBytes, double computeSeconds) {
        return computeSeconds / (computeSeconds + seconds(workers, payloadBytes));
    }
}
