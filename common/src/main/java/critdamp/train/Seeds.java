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
}
