package critdamp.scaling;

import critdamp.base.Check;

/**
 * The free coefficients of a parameter-averaging round's cost besides compute and the wire (see
 * {@link ParameterAveragingCost}): what Spark and DL4J cost per round, per worker and per byte on the machine they were
 * fitted on.
 *
 * @param fixedSeconds     per round, whatever the workers: the job's scheduling, its stages, the driver's averaging
 *                         bookkeeping
 * @param perWorkerSeconds per round and worker: launching and finishing one task, the worker's network set-up
 * @param secondsPerByte   per byte on the slowest path (broadcast and aggregation): serializing, copying and adding
 *                         in the JVMs, and the loopback transfer where the fit was measured
 * @param source           where the values come from ("fitted to 8 rows of mode local-cluster", "assumed: ...")
 */
public record OverheadCoefficients(double fixedSeconds, double perWorkerSeconds, double secondsPerByte,
                                   String source) {
    public OverheadCoefficients {
        Check.nonNegative("fixedSeconds", fixedSeconds);
        Check.nonNegative("perWorkerSeconds", perWorkerSeconds);
        Check.nonNegative("secondsPerByte", secondsPerByte);
        Check.notBlank("source", source);
    }
}
