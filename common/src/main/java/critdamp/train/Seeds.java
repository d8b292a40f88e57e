package critdamp.train;

/**
 * Derives independent, replayable seeds from the run seed and a purpose/position (SplitMix64 finaliser), so data
 * order, augmentation and the validation split do not depend on thread timing or partition count.
 */
public final class Seeds {
    private Seeds() {
    }

    /** A well-mixed 64-bit seed from the given parts. */
    public static long mix(long... parts) {
        long h = 0x9E3779B97F4A7C15L;
        for (long p : parts) {
            h = splitMix(h ^ p);
        }
        return h;
    }

    private static long splitMix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Whether record {@code recordIndex} of file {@code fileIndex} belongs to the validation split. */
    public static boolean isValidation(long seed, int fileIndex, long recordIndex, double fraction) {
        if (fraction <= 0) {
            return false;
        }
        long h = mix(seed, 0x7a11d_a7e5L, fileIndex, recordIndex);
        return (h >>> 11) * 0x1.0p-53 < fraction;
    }

    /**
     * The visiting order of worker {@code worker}'s {@code size} training records in epoch {@code epoch}: a
     * Fisher-Yates permutation of 0..size-1 seeded by (run seed, epoch, worker). Every data set uses this one
     * definition, so a run's data order depends only on its seed and the workers' blocks.
     */
    public static int[] epochOrder(long seed, int epoch, int worker, int size) {
        int[] idx = new int[size];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.SplittableRandom rng = new java.util.SplittableRandom(mix(seed, 0x5eed_0001L, epoch, worker));
        for (int i = idx.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return idx;
    }
}
