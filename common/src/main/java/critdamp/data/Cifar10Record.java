package critdamp.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One CIFAR-10 image: its label and its 3072 raw pixel bytes (R plane, G plane, B plane, each 32x32 row-major).
 * A plain class, not a Java record, so that Spark's Kryo serializer can handle it. The pixel array is held, not
 * copied, to keep reading cheap: treat it as read-only.
 */
public final class Cifar10Record implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int label;
    private final byte[] pixels;

    /**
     * @param label  class 0..9
     * @param pixels exactly {@link Cifar10Format#PIXELS} bytes, taken over (not copied)
     */
    public Cifar10Record(int label, byte[] pixels) {
        if (label < 0 || label >= Cifar10Format.CLASSES) {
            throw new IllegalArgumentException("CIFAR-10 label must be 0..9, got " + label);
        }
        if (pixels == null || pixels.length != Cifar10Format.PIXELS) {
            throw new IllegalArgumentException("CIFAR-10 pixels must be " + Cifar10Format.PIXELS + " bytes, got "
                    + (pixels == null ? "null" : pixels.length));
        }
        this.label = label;
        this.pixels = pixels;
    }

    /** Class 0..9. */
    public int label() {
        return label;
    }

    /** The 3072 pixel bytes (unsigned values 0..255); the held array, do not modify. */
    public byte[] pixels() {
        return pixels;
    }

    /** Unsigned value of channel {@code c} at row {@code y}, column {@code x}. */
    public int pixel(int c, int y, int x) {
        return pixels[c * Cifar10Format.PLANE + y * Cifar10Format.SIDE + x] & 0xFF;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cifar10Record r && r.label == label && Arrays.equals(r.pixels, pixels);
    }

    @Override
    public int hashCode() {
        return 31 * label + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "Cifar10Record[label=" + label + "]";
    }
}
