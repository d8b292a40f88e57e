package critdamp.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One worker's share of a CIFAR-10 split: an index and the file segments it covers, in order. The segments are kept
 * in an {@link ArrayList} (not {@code List.of}) so that Kryo can serialize a shard.
 */
public final class Cifar10Shard implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int index;
    private final ArrayList<Cifar10Segment> segments;

    public Cifar10Shard(int index, List<Cifar10Segment> segments) {
        if (index < 0) {
            throw new IllegalArgumentException("shard index must be >= 0, got " + index);
        }
        this.index = index;
        this.segments = new ArrayList<>(segments);
    }

    /** Position of this shard, 0..k-1. */
    public int index() {
        return index;
    }

    /** The segments, in reading order (read-only view). */
    public List<Cifar10Segment> segments() {
        return Collections.unmodifiableList(segments);
    }

    /** Total records over all segments. */
    public int size() {
        int n = 0;
        for (Cifar10Segment s : segments) {
            n += s.size();
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cifar10Shard s && s.index == index && s.segments.equals(segments);
    }

    @Override
    public int hashCode() {
        return 31 * index + segments.hashCode();
    }

    @Override
    public String toString() {
        return "Cifar10Shard[" + index + ": " + segments + "]";
    }
}
