package critdamp.data;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * The standard CIFAR-10 training augmentation: zero-pad by {@code pad} pixels, take a random 32x32 crop, and mirror
 * horizontally with probability {@code flipProbability}. Works on the raw planar bytes before normalisation; the
 * randomness comes only from the given generator, so a seed replays the same images.
 */
public final class Augmentation implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int S = Cifar10Format.SIDE;
    private final int pad;
    private final double flipProbability;

    public Augmentation(int pad, double flipProbability) {
        if (pad < 0 || pad >= S) {
            throw new IllegalArgumentException("pad must be 0.." + (S - 1) + ", got " + pad);
        }
        if (!(flipProbability >= 0 && flipProbability <= 1)) {
            throw new IllegalArgumentException("flip probability must be in [0, 1], got " + flipProbability);
        }
        this.pad = pad;
        this.flipProbability = flipProbability;
    }

    /** 4-pixel zero pad + random crop, horizontal flip with p = 0.5. */
    public static Augmentation standard() {
        return new Augmentation(4, 0.5);
    }

    public int pad() {
        return pad;
    }

    public double flipProbability() {
        return flipProbability;
    }

    /**
     * A new, augmented copy of {@code pixels}. Draws, in this order, the vertical shift, the horizontal shift (each
     * uniform in {@code -pad..pad}) and the flip from {@code rng}.
     */
    public byte[] apply(byte[] pixels, SplittableRandom rng) {
        int dy = pad == 0 ? 0 : rng.nextInt(2 * pad + 1) - pad;
        int dx = pad == 0 ? 0 : rng.nextInt(2 * pad + 1) - pad;
        boolean flip = flipProbability > 0 && rng.nextDouble() < flipProbability;
        return transform(pixels, dy, dx, flip);
    }

    /**
     * The deterministic core: output pixel (y, x) is input pixel (y + dy, x + dx), zero outside the image, then the
     * result mirrored left-right if {@code flip}. {@code dy = dx = 0, flip = false} is an exact copy.
     */
    public static byte[] transform(byte[] pixels, int dy, int dx, boolean flip) {
        if (pixels.length != Cifar10Format.PIXELS) {
            throw new IllegalArgumentException("expected " + Cifar10Format.PIXELS + " pixel bytes, got "
                    + pixels.length);
        }
        byte[] out = new byte[Cifar10Format.PIXELS];
        int x0 = Math.max(0, -dx);
        int x1 = Math.min(S, S - dx); // exclusive
        for (int c = 0; c < Cifar10Format.CHANNELS; c++) {
            int plane = c * Cifar10Format.PLANE;
            for (int y = 0; y < S; y++) {
                int sy = y + dy;
                if (sy < 0 || sy >= S) {
                    continue;
                }
                int dst = plane + y * S;
                int src = plane + sy * S;
                if (!flip) {
                    if (x1 > x0) {
                        System.arraycopy(pixels, src + x0 + dx, out, dst + x0, x1 - x0);
                    }
                } else {
                    for (int x = x0; x < x1; x++) {
                        out[dst + (S - 1 - x)] = pixels[src + x + dx];
                    }
                }
            }
        }
        return out;
    }
}
