package critdamp.scaling;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The scaling study's write-up as markdown: the assumptions, the measured rows, the cost model fitted to them per mode
 * (with every row and a held-out worker count checked against it), and its predictions past this machine for each
 * network and link: parameter-averaging efficiency by nodes and averaging frequency, the driver's share, the smallest
 * averaging frequency that keeps the target efficiency, and ring all-reduce on the same payload.
 */
public final class ScalingPrediction {
    private static final String LIMITS = """

            Limits: compute and communication do not overlap (DL4J's round is broadcast, train, aggregate); one \
            worker per node; at depth 2 treeAggregate adds an executor-side level only from 6 workers, and a value \
            under one broadcast piece (the small CNN's) has no peer-to-peer phase, so rows of the small CNN on 1-4 \
            workers cannot check those terms; E is throughput only: a larger averaging frequency also changes \
            convergence, which this model does not see.
            """;

    private ScalingPrediction() {
    }

    /** The fits of {@code rows} by mode, as {@link #render} reports them. */
    public static List<ModeFit> fits(List<ScalingRow> rows, ScalingAssumptions a) {
        return ModeFit.fitAll(rows, a.traffic());
    }

    /** The coefficients predictions use: the chosen mode's fit, or the assumed ones when there are no rows. */
    public static OverheadCoefficients coefficients(List<ModeFit> fits, ScalingAssumptions a) {
        if (fits.isEmpty()) {
            return a.assumed();
        }
        if (a.fitMode() != null) {
            return fits.stream().filter(f -> f.mode().equals(a.fitMode())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no measured rows of mode '" + a.fitMode()
                            + "'; modes: " + fits.stream().map(ModeFit::mode).toList()))
                    .coefficients();
        }
        return fits.stream().filter(f -> f.master() != null && !f.master().startsWith("local[")).findFirst()
                .orElse(fits.get(0)).coefficients();
    }

    /** The whole write-up. */
    public static String render(List<ScalingRow> rows, ScalingAssumptions a) {
        List<ModeFit> fits = fits(rows, a);
        OverheadCoefficients k = coefficients(fits, a);
        StringBuilder md = new StringBuilder();
        assumptions(md, a, k);
        if (!rows.isEmpty()) {
            measured(md, rows);
            fits.forEach(f -> fitSection(md, f));
        }
        md.append("\n## Predictions (coefficients: ").append(k.source()).append(")\n");
        for (ModelAssumption m : a.models()) {
            for (double gbps : a.bandwidthsGbps()) {
                predictionTable(md, m, new ParameterAveragingCost(k, Network.gigabits(gbps, a.latencySeconds()),
                        a.traffic()), a);
            }
        }
        summary(md, k, a);
        md.append(LIMITS);
        return md.toString();
    }

    private static void assumptions(StringBuilder md, ScalingAssumptions a, OverheadCoefficients k) {
        md.append("## Cost model of a parameter-averaging round\n\n")
                .append("T(N) = C + a0 + a1 N + (beta + 8/B) (X_bcast(N) + X_agg(N)) + latency (levels + 2); ")
                .append("E(N) = C / T(N), C = f x batch / (one node's img/s).\n\n")
                .append("| assumption | value |\n|---|---|\n");
        for (ModelAssumption m : a.models()) {
            md.append(String.format(Locale.ROOT, "| %s | %,d params + %,d updater values = %.2f MB per copy; "
                            + "%s img/s per node (%s) |%n", m.name(), m.paramCount(), m.updaterValues(),
                    m.payloadBytes() / 1e6, sig(m.imagesPerSecond()), m.source()));
        }
        md.append(String.format(Locale.ROOT, "| batch per worker | %d |%n| averaging frequencies | %s |%n"
                        + "| links | %s Gb/s, every node and the driver; latency %.0f us per message |%n"
                        + "| Spark | one worker per node; broadcast pieces %d KiB; treeAggregate depth %d |%n"
                        + "| Spark and JVM costs | %s: %s |%n",
                a.perWorkerBatch(), join(a.averagingFrequencies()), join(a.bandwidthsGbps()),
                a.latencySeconds() * 1e6, a.traffic().broadcast().blockBytes() >> 10, a.traffic().depth(),
                coefficientsText(k), k.source()));
    }

    private static void measured(StringBuilder md, List<ScalingRow> rows) {
        md.append("\n## Measured\n\n| mode | workers | img/s | efficiency | round s | compute s | broadcast s "
                + "| aggregate s | other s | MB per round | oversubscribed |\n" + "|---".repeat(11) + "|\n");
        for (ScalingRow r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %s | %.3f | %s | %s | %s | %s | %.2f | %s |%n",
                    r.mode(), r.workers(), r.imagesPerSecond(), num(r.efficiency(), "%.2f"), r.roundSeconds(),
                    num(r.computeSeconds(), "%.3f"), num(r.broadcastSeconds(), "%.3f"),
                    num(r.aggregateSeconds(), "%.3f"), num(r.otherSeconds(), "%.3f"), r.bytesPerRound() / 1e6,
                    r.oversubscribed() ? "yes" : "no"));
        }
    }

    private static void fitSection(StringBuilder md, ModeFit f) {
        md.append(String.format(Locale.ROOT, "%n## Fit: mode %s (%s), %d rows%n%n%s; rms residual %.3g s "
                        + "(broadcast + aggregate against bytes), %.3g s (other against workers).%n%n", f.mode(),
                f.master(), f.rows(), coefficientsText(f.coefficients()), f.communication().rmsResidual(),
                f.other().rmsResidual()));
        checkTable(md, f.checks());
        if (!f.heldOut().isEmpty()) {
            md.append("\nHeld out: the rows at the most workers, predicted by a fit to the other rows only:\n\n");
            checkTable(md, f.heldOut());
        }
    }

    private static void checkTable(StringBuilder md, List<ModeFit.RowCheck> checks) {
        md.append("| workers | MB per copy | compute s | measured round s | model round s | error |\n"
                + "|---|---|---|---|---|---|\n");
        for (ModeFit.RowCheck c : checks) {
            md.append(String.format(Locale.ROOT, "| %d | %.2f | %.3f | %.3f | %.3f | %+.1f%% |%n", c.workers(),
                    c.payloadBytes() / 1e6, c.computeSeconds(), c.roundSeconds(), c.predictedRoundSeconds(),
                    100 * c.relativeError()));
        }
    }

    private static void predictionTable(StringBuilder md, ModelAssumption m, ParameterAveragingCost model,
                                        ScalingAssumptions a) {
        RingAllReduce ring = new RingAllReduce(model.network());
        double step = m.stepSeconds(a.perWorkerBatch());
        List<Integer> fs = a.averagingFrequencies();
        md.append(String.format(Locale.ROOT, "%n### %s, %s%n%n| nodes | %s | %s | driver s per round "
                        + "| smallest f for E >= %.2f |%n|---|%s---|---|%n", m.name(), model.network().label(),
                header(fs, "E f="), header(fs, "ring E f="), a.targetEfficiency(), "---|".repeat(2 * fs.size())));
        for (int n : a.nodes()) {
            String pa = cells(fs, f -> String.format(Locale.ROOT, "%.2f",
                    model.efficiency(n, m.payloadBytes(), f * step)));
            String rg = cells(fs, f -> String.format(Locale.ROOT, "%.2f",
                    ring.efficiency(n, m.payloadBytes(), f * step)));
            md.append(String.format(Locale.ROOT, "| %d | %s | %s | %.3g | %d |%n", n, pa, rg,
                    model.driverSeconds(n, m.payloadBytes()),
                    model.minAveragingFrequency(n, m.payloadBytes(), step, a.targetEfficiency())));
        }
    }

    private static void summary(StringBuilder md, OverheadCoefficients k, ScalingAssumptions a) {
        List<Integer> fs = a.averagingFrequencies();
        int most = a.nodes().stream().mapToInt(Integer::intValue).max().orElseThrow();
        md.append(String.format(Locale.ROOT, "%n### Summary%n%n| model | link | driver busier than compute from "
                        + "(%s) nodes | E >= %.2f up to (%s) nodes | smallest f for E >= %.2f at %d nodes |%n"
                        + "|---|---|---|---|---|%n", join(fs), a.targetEfficiency(), join(fs), a.targetEfficiency(),
                most));
        for (ModelAssumption m : a.models()) {
            double step = m.stepSeconds(a.perWorkerBatch());
            for (double gbps : a.bandwidthsGbps()) {
                ParameterAveragingCost model = new ParameterAveragingCost(k,
                        Network.gigabits(gbps, a.latencySeconds()), a.traffic());
                String bottleneck = fs.stream().map(f -> orNone(model.driverBottleneck(m.payloadBytes(), f * step,
                        most))).collect(Collectors.joining(" / "));
                String upTo = fs.stream().map(f -> orNone(a.nodes().stream().mapToInt(Integer::intValue)
                        .filter(n -> model.efficiency(n, m.payloadBytes(), f * step) >= a.targetEfficiency())
                        .max())).collect(Collectors.joining(" / "));
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d |%n", m.name(),
                        model.network().label(), bottleneck, upTo,
                        model.minAveragingFrequency(most, m.payloadBytes(), step, a.targetEfficiency())));
            }
        }
    }

    /** "a0 = 0.15 s, a1 = 0.02 s per worker, beta = 0.884 ns per byte (1.13 GB/s effective)". */
    private static String coefficientsText(OverheadCoefficients k) {
        String rate = k.secondsPerByte() > 0 ? sig(1e-9 / k.secondsPerByte()) + " GB/s" : "no cost";
        return "a0 = " + sig(k.fixedSeconds()) + " s, a1 = " + sig(k.perWorkerSeconds()) + " s per worker, beta = "
                + sig(k.secondsPerByte() * 1e9) + " ns per byte (" + rate + " effective)";
    }

    /** Three significant digits, no trailing zeros, no exponent. */
    private static String sig(double v) {
        return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    private static String header(List<Integer> fs, String prefix) {
        return fs.stream().map(f -> prefix + f).collect(Collectors.joining(" | "));
    }

    private static String cells(List<Integer> fs, IntFunction<String> cell) {
        return fs.stream().map(cell::apply).collect(Collectors.joining(" | "));
    }

    private static String orNone(OptionalInt n) {
        return n.isPresent() ? Integer.toString(n.getAsInt()) : "-";
    }

    private static String num(Double v, String format) {
        return v == null || !Double.isFinite(v) ? "-" : String.format(Locale.ROOT, format, v);
    }

    private static String join(List<? extends Number> values) {
        return values.stream().map(v -> v.doubleValue() == Math.rint(v.doubleValue())
                ? Long.toString(v.longValue()) : v.toString()).collect(Collectors.joining("/"));
    }
}
