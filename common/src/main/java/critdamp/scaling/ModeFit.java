package critdamp.scaling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link OverheadCoefficients} of one mode, least-squares fitted to its measured rows, and how well they explain
 * them. Two non-negative line fits ({@link LineFit}), each on the parts of a round it models:
 * <ul>
 *   <li>broadcast + aggregate seconds against the round's slowest-path bytes ({@link AveragingTraffic}): the slope is
 *       the per-byte cost {@code beta}, the intercept a fixed part;</li>
 *   <li>the other seconds (scheduling, task launch, worker set-up) against the worker count: intercept and slope are
 *       the fixed and per-worker costs.</li>
 * </ul>
 * The two intercepts add up to the fixed cost {@code a0}. Fitting the parts separately keeps the per-byte and the
 * per-worker costs apart even when every row has the same model: for a value of one broadcast piece (the small CNN)
 * on 1-5 workers at depth 2 the bytes are exactly proportional to the workers, so a fit of the total alone could not
 * tell them apart.
 *
 * @param mode         the rows' mode
 * @param master       the first row's Spark master
 * @param rows         rows fitted
 * @param coefficients the fitted costs
 * @param communication broadcast + aggregate seconds against slowest-path bytes
 * @param other        other seconds against workers
 * @param checks       every row: measured round against the model's (measured compute + modelled overhead)
 * @param heldOut      the rows at the most workers, predicted by a fit to the others (empty with under three
 *                     distinct worker counts)
 */
public record ModeFit(String mode, String master, int rows, OverheadCoefficients coefficients, LineFit communication,
                      LineFit other, List<RowCheck> checks, List<RowCheck> heldOut) {

    /**
     * One row against the model.
     *
     * @param predictedRoundSeconds the row's measured compute plus the modelled overhead
     */
    public record RowCheck(int workers, double payloadBytes, double computeSeconds, double roundSeconds,
                           double predictedRoundSeconds) {
        /** (predicted - measured) / measured. */
        public double relativeError() {
            return (predictedRoundSeconds - roundSeconds) / roundSeconds;
        }
    }

    /** One fit per mode, in the order the modes first appear. */
    public static List<ModeFit> fitAll(List<ScalingRow> rows, AveragingTraffic traffic) {
        Map<String, List<ScalingRow>> byMode = new LinkedHashMap<>();
        rows.forEach(r -> byMode.computeIfAbsent(r.mode().configName(), m -> new ArrayList<>()).add(r));
        return byMode.values().stream().map(r -> fit(r, traffic)).toList();
    }

    /** Fits one mode's rows (two or more distinct worker counts, every timing measured). */
    public static ModeFit fit(List<ScalingRow> rows, AveragingTraffic traffic) {
        rows.forEach(ModeFit::requireTimings);
        double[] bytes = rows.stream().mapToDouble(r -> traffic.criticalPathBytes(r.workers(), r.payloadBytes()))
                .toArray();
        double[] communication = rows.stream().mapToDouble(r -> r.broadcastSeconds() + r.aggregateSeconds()).toArray();
        double[] workers = rows.stream().mapToDouble(ScalingRow::workers).toArray();
        double[] other = rows.stream().mapToDouble(ScalingRow::otherSeconds).toArray();
        LineFit c = LineFit.nonNegative(bytes, communication);
        LineFit o = LineFit.nonNegative(workers, other);
        String mode = rows.get(0).mode().configName();
        OverheadCoefficients k = new OverheadCoefficients(c.intercept() + o.intercept(), o.slope(), c.slope(),
                "fitted to " + rows.size() + " rows of mode " + mode);
        ParameterAveragingCost model = new ParameterAveragingCost(k, Network.MEASURED, traffic);
        return new ModeFit(mode, rows.get(0).master(), rows.size(), k, c, o, checks(rows, model),
                heldOut(rows, traffic));
    }

    /** The rows at the most workers, predicted by a fit to the rest; empty when the rest has one worker count. */
    private static List<RowCheck> heldOut(List<ScalingRow> rows, AveragingTraffic traffic) {
        int most = rows.stream().mapToInt(ScalingRow::workers).max().orElseThrow();
        List<ScalingRow> rest = rows.stream().filter(r -> r.workers() < most).toList();
        if (rest.stream().mapToInt(ScalingRow::workers).distinct().count() < 2) {
            return List.of();
        }
        ParameterAveragingCost model = new ParameterAveragingCost(fit(rest, traffic).coefficients(),
                Network.MEASURED, traffic);
        return checks(rows.stream().filter(r -> r.workers() == most).toList(), model);
    }

    private static List<RowCheck> checks(List<ScalingRow> rows, ParameterAveragingCost model) {
        return rows.stream().map(r -> new RowCheck(r.workers(), r.payloadBytes(), r.computeSeconds(),
                r.roundSeconds(), model.roundSeconds(r.workers(), r.payloadBytes(), r.computeSeconds()))).toList();
    }

    private static void requireTimings(ScalingRow r) {
        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put("computeSeconds", r.computeSeconds());
        timings.put("broadcastSeconds", r.broadcastSeconds());
        timings.put("aggregateSeconds", r.aggregateSeconds());
        timings.put("otherSeconds", r.otherSeconds());
        timings.forEach((name, v) -> {
            if (v == null || !Double.isFinite(v) || v < 0) {
                throw new IllegalArgumentException("scaling row (mode " + r.mode().configName() + ", " + r.workers()
                        + " workers): " + name + " = " + v + ": the cost model needs every round timing measured");
            }
        });
    }
}
