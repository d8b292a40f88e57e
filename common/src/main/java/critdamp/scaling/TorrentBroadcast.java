package critdamp.scaling;

import critdamp.base.Check;

/**
 * Bytes a Spark {@code TorrentBroadcast} of a {@code payload}-byte value to {@code workers} executors moves on its
 * slowest path. Spark cuts the serialized value into pieces of {@code spark.broadcast.blockSize} (4 MiB by default)
 * held by the driver; each executor fetches the pieces in random order from the driver or from executors that
 * already have them, and offers what it fetched to the others (BitTorrent-like, so the driver need not send every
 * copy itself).
 *
 * <p>The model: every executor starts the round at the same moment, when only the driver holds pieces, so the first
 * piece each one fetches comes from the driver: {@code workers x min(payload, block)} bytes through the driver's link.
 * The remaining {@code payload - block} bytes then spread peer to peer, each executor receiving them at about its own
 * link's rate. A value of one piece (the small CNN's 1.1 MB) thus gets no torrent benefit at all: the driver sends
 * all {@code workers} copies; a large one (ResNet-18's 89 MB, 22 pieces) costs the driver one piece per executor.
 *
 * @param blockBytes the piece size, {@code spark.broadcast.blockSize}
 */
public record TorrentBroadcast(long blockBytes) {
    /** Spark's default {@code spark.broadcast.blockSize}: 4m. */
    public static final long DEFAULT_BLOCK_BYTES = 4L << 20;

    public TorrentBroadcast {
        Check.positive("blockBytes", blockBytes);
    }

    /** Bytes the driver sends: one piece to each executor. */
    public double driverBytes(int workers, double payloadBytes) {
        return workers * firstPiece(payloadBytes);
    }

    /** Bytes on the slowest path: the driver's first wave, then the rest of the value at one executor's link. */
    public double criticalPathBytes(int workers, double payloadBytes) {
        return driverBytes(workers, payloadBytes) + payloadBytes - firstPiece(payloadBytes);
    }

    private double firstPiece(double payloadBytes) {
        return Math.min(payloadBytes, blockBytes);
    }
}
