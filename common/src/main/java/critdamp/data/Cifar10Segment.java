package critdamp.data;

import java.io.Serializable;
import java.util.Objects;

/**
 * A contiguous run of records {@code [firstRecord, endRecord)} of one CIFAR-10 file: the unit a worker reads with one
 * seek. Serializable (plain class) so that shards travel to Spark executors.
 */
public final class Cifar10Segment implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String fileUri;
    private final int firstRecord;
    private final int endRecord;

    /**
     * @param fileUri     file URI or path, as given to the planner
     * @param firstRecord first record index (inclusive)
     * @param endRecord   end record index (exclusive), at least {@code firstRecord}
     */
    public Cifar10Segment(String fileUri, int firstRecord, int endRecord) {
        if (fileUri == null || fileUri.isBlank()) {
            throw new IllegalArgumentException("segment file must be given");
        }
        if (firstRecord < 0 || endRecord < firstRecord) {
            throw new IllegalArgumentException("bad segment [" + firstRecord + ", " + endRecord + ") of " + fileUri);
        }
        this.fileUri = fileUri;
        this.firstRecord = firstRecord;
        this.endRecord = endRecord;
    }

    public String fileUri() {
        return fileUri;
    }

    public int firstRecord() {
        return firstRecord;
    }

    /** Exclusive end. */
    public int endRecord() {
        return endRecord;
    }

    /** Number of records. */
    public int size() {
        return endRecord - firstRecord;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cifar10Segment s && s.fileUri.equals(fileUri) && s.firstRecord == firstRecord
                && s.endRecord == endRecord;
    }

    @Override
    public int hashCode() {
        return Objects.hash(fileUri, firstRecord, endRecord);
    }

    @Override
    public String toString() {
        return fileUri + "[" + firstRecord + ", " + endRecord + ")";
    }
}
