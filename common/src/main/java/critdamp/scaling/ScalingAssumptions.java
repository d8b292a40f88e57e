package critdamp.scaling;

import critdamp.base.Check;

import java.util.List;

/**
 * Everything a prediction assumes beyond the fitted coefficients; {@link ScalingPrediction} prints them all.
 *
 * @param models               the networks and their per-node throughput
 * @param perWorkerBatch       images per worker minibatch
 * @param averagingFrequencies minibatches per averaging round to tabulate
 * @param bandwidthsGbps       link bandwidths to tabulate, Gb/s (every node, the driver included, has one link)
 * @param nodes                worker counts to tabulate (one worker per node)
 * @param latencySeconds       one message's latency
 * @param traffic              broadcast piece size and aggregation depth
 * @param targetEfficiency     the efficiency the "smallest averaging frequency" column keeps
 * @param fitMode              the measured mode whose coefficients predict; null: the first mode with executor JVMs
 *                             (master not {@code local[...]}), else the first mode
 * @param assumed              the coefficients used when there are no measured rows, labelled as assumed
 */
public record ScalingAssumptions(List<ModelAssumption> models, int perWorkerBatch, List<Integer> averagingFrequencies,
                                 List<Double> bandwidthsGbps, List<Integer> nodes, double latencySeconds,
                                 AveragingTraffic traffic, double targetEfficiency, String fitMode,
                                 OverheadCoefficients assumed) {
    /**
     * Without measurements: the 0.15 s a round spent outside compute in README's earlier local-mode table (small CNN,
     * 1 and 2 workers), no per-worker and no JVM per-byte cost (optimistic; the wire still counts).
     */
    public static final OverheadCoefficients README_LOCAL_MODE = new OverheadCoefficients(0.15, 0, 0,
            "ASSUMED, not fitted: a0 = 0.15 s (README's earlier local-mode scaling table, round minus compute, "
                    + "1-2 workers), a1 = 0 and beta = 0 (optimistic)");

    public ScalingAssumptions {
        models = List.copyOf(models);
        averagingFrequencies = List.copyOf(averagingFrequencies);
        bandwidthsGbps = List.copyOf(bandwidthsGbps);
        nodes = List.copyOf(nodes);
        Check.positive("perWorkerBatch", perWorkerBatch);
        Check.nonNegative("latencySeconds", latencySeconds);
        Check.inHalfOpen("targetEfficiency", targetEfficiency, 0, 1);
        if (models.isEmpty() || averagingFrequencies.isEmpty() || bandwidthsGbps.isEmpty() || nodes.isEmpty()) {
            throw new IllegalArgumentException("a prediction needs at least one model, averaging frequency, "
                    + "bandwidth and node count");
        }
        averagingFrequencies.forEach(f -> Check.positive("averaging frequency", f));
        bandwidthsGbps.forEach(b -> Check.positive("bandwidth (Gb/s)", b));
        nodes.forEach(n -> Check.positive("nodes", n));
    }

    /**
     * The defaults: small CNN and ResNet-18 at this repo's measured 2-core throughput, batch 64, averaging every 1, 5
     * and 20 minibatches, 10/25/100 Gb/s, 1-64 nodes, 50 us latency, Spark's and DL4J's defaults (4 MiB pieces,
     * depth 2), target efficiency 0.8.
     */
    public static ScalingAssumptions defaults() {
        return new ScalingAssumptions(List.of(ModelAssumption.SMALL_CNN, ModelAssumption.RESNET18), 64,
                List.of(1, 5, 20), List.of(10.0, 25.0, 100.0), List.of(1, 2, 4, 8, 16, 32, 64), 50e-6,
                AveragingTraffic.DEFAULT, 0.8, null, README_LOCAL_MODE);
    }
}
