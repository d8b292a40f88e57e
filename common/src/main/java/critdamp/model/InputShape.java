package critdamp.model;

import critdamp.base.ConfigException;

/**
 * Shape of one input image, channels first (NCHW), as the networks take it.
 *
 * @param channels colour channels (3 for RGB, 1 for grey), 1..16
 * @param height   pixels, 8..1024
 * @param width    pixels, 8..1024
 */
public record InputShape(int channels, int height, int width) {
    /** CIFAR-10: 3 x 32 x 32. */
    public static final InputShape CIFAR10 = new InputShape(3, 32, 32);
    /** Fashion-MNIST: 1 x 28 x 28. */
    public static final InputShape FASHION_MNIST = new InputShape(1, 28, 28);

    public InputShape {
        inRange("input.channels", channels, 1, 16);
        inRange("input.height", height, 8, 1024);
        inRange("input.width", width, 8, 1024);
    }

    private static void inRange(String field, int value, int lo, int hi) {
        if (value < lo || value > hi) {
            throw new ConfigException(field + " = " + value + ": must be in [" + lo + ", " + hi + "]");
        }
    }

    /** Values per image: channels * height * width. */
    public long size() {
        return (long) channels * height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
