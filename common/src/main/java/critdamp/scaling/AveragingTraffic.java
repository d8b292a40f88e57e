package critdamp.scaling;

import critdamp.base.Check;

/**
 * The bytes of one parameter-averaging round with {@code N} workers, each holding a {@code P}-byte copy (parameters
 * and, when averaged, updater state): the {@link TorrentBroadcast} of the driver's copy out, then DL4J's
 * {@code treeAggregate} ({@link TreeAggregation}) of the workers' copies back.
 *
 * @param broadcast the broadcast's piece size
 * @param depth     {@code treeAggregate}'s depth (DL4J's {@code aggregationDepth}, 2 by default)
 */
public record AveragingTraffic(TorrentBroadcast broadcast, int depth) {
    /** Spark's and DL4J's defaults: 4 MiB broadcast pieces, aggregation depth 2. */
    public static final AveragingTraffic DEFAULT = new AveragingTraffic(
            new TorrentBroadcast(TorrentBroadcast.DEFAULT_BLOCK_BYTES), 2);

    public AveragingTraffic {
        Check.positive("depth", depth);
    }

    /** Bytes on the round's slowest path: the broadcast, then the aggregation's partials in sequence. */
    public double criticalPathBytes(int workers, double payloadBytes) {
        return broadcast.criticalPathBytes(workers, payloadBytes)
                + new TreeAggregation(workers, depth).criticalPathPartials() * payloadBytes;
    }

    /** Bytes through the driver's own link: its share of the broadcast and the partials it combines. */
    public double driverBytes(int workers, double payloadBytes) {
        return broadcast.driverBytes(workers, payloadBytes)
                + new TreeAggregation(workers, depth).driverFanIn() * payloadBytes;
    }

    /** Messages in sequence on the slowest path: the broadcast, each aggregation level, the driver's receive. */
    public int sequentialMessages(int workers) {
        return new TreeAggregation(workers, depth).levelFanIns().size() + 2;
    }
}
