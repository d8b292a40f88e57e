package critdamp.data;

import java.io.Serializable;

/**
 * Per-channel standardisation of 8-bit pixels: {@code (v / 255 - mean[c]) / std[c]}. Precomputed as a 256-entry table
 * per channel, since it runs on every pixel of every batch.
 */
public final class ChannelNormalization implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Mean and standard deviation of the CIFAR-10 training set, per R, G, B channel (pixel values in [0, 1]). */
    public static final ChannelNormalization CIFAR10 = new ChannelNormalization(
            new float[]{0.4914f, 0.4822f, 0.4465f}, new float[]{0.2470f, 0.2435f, 0.2616f});

    private final float[] mean;
    private final float[] std;
    private final float[][] table;

    /** @param mean per-channel mean, @param std per-channel standard deviation (> 0), both on the [0, 1] scale */
    public ChannelNormalization(float[] mean, float[] std) {
        if (mean == null || std == null || mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("mean and std must have the same, non-zero length");
        }
        this.mean = mean.clone();
        this.std = std.clone();
        this.table = new float[mean.length][256];
        for (int c = 0; c < mean.length; c++) {
            if (!(std[c] > 0)) {
                throw new IllegalArgumentException("std must be > 0, got " + std[c] + " for channel " + c);
            }
            for (int v = 0; v < 256; v++) {
                table[c][v] = (v / 255f - mean[c]) / std[c];
            }
        }
    }

    /** Number of channels. */
    public int channels() {
        return mean.length;
    }

    public float mean(int channel) {
        return mean[channel];
    }

    public float std(int channel) {
        return std[channel];
    }

    /** The normalised value of a pixel; {@code byteValue} is 0..255 or a raw signed byte (only its low 8 bits count). */
    public float normalize(int channel, int byteValue) {
        return table[channel][byteValue & 0xFF];
    }

    /** The lookup table of one channel (do not modify). */
    float[] table(int channel) {
        return table[channel];
    }
}
