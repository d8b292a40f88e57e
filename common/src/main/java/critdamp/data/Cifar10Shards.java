package critdamp.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the concatenation of CIFAR-10 files into k contiguous shards of nearly equal size (sizes differ by at most
 * one; a shard may span files). Pure arithmetic on record counts, so the Spark driver never reads the data itself.
 */
public final class Cifar10Shards {
    private Cifar10Shards() {
    }

    /**
     * @param files        file URIs/paths, in order
     * @param recordCounts records to use from each file (may be fewer than the file holds)
     * @param k            number of shards, 1 .. total records
     * @return k shards, indexed 0..k-1, covering every record exactly once in file order
     */
    public static List<Cifar10Shard> plan(List<String> files, int[] recordCounts, int k) {
        if (files == null || recordCounts == null || files.size() != recordCounts.length) {
            throw new IllegalArgumentException("need one record count per file: " + files + " vs "
                    + (recordCounts == null ? "null" : recordCounts.length + " counts"));
        }
        long total = 0;
        for (int i = 0; i < recordCounts.length; i++) {
            if (recordCounts[i] < 0) {
                throw new IllegalArgumentException("negative record count " + recordCounts[i] + " for " + files.get(i));
            }
            total += recordCounts[i];
        }
        if (k < 1) {
            throw new IllegalArgumentException("number of workers/partitions (k) must be >= 1, got " + k);
        }
        if (k > total) {
            throw new IllegalArgumentException("more workers/partitions (k=" + k + ") than records (n=" + total
                    + ") in " + files);
        }
        long base = total / k;
        long rem = total % k;
        List<Cifar10Shard> shards = new ArrayList<>(k);
        int file = 0;
        int offset = 0; // next unassigned record within `file`
        for (int s = 0; s < k; s++) {
            long need = base + (s < rem ? 1 : 0);
            List<Cifar10Segment> segs = new ArrayList<>();
            while (need > 0) {
                int left = recordCounts[file] - offset;
                if (left == 0) {
                    file++;
                    offset = 0;
                    continue;
                }
                int take = (int) Math.min(left, need);
                segs.add(new Cifar10Segment(files.get(file), offset, offset + take));
                offset += take;
                need -= take;
            }
            shards.add(new Cifar10Shard(s, segs));
        }
        return shards;
    }
}
