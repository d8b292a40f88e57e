package critdamp.data;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class Cifar10AugmentationTest {
    private static final int S = 32;

    private static byte[] image() {
        byte[] px = new byte[3072];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < S; y++) {
                for (int x = 0; x < S; x++) {
                    px[c * 1024 + y * S + x] = (byte) (1 + (c * 71 + y * 7 + x * 3) % 250); // never 0
                }
            }
        }
        return px;
    }

    private static int at(byte[] px, int c, int y, int x) {
        return px[c * 1024 + y * S + x] & 0xFF;
    }

    @Test
    void deterministicBySeedAndReturnsNewArray() {
        byte[] in = image();
        byte[] copy = in.clone();
        Augmentation a = Augmentation.standard();
        SplittableRandom r1 = new SplittableRandom(42);
        SplittableRandom r2 = new SplittableRandom(42);
        boolean anyDiffers = false;
        for (int i = 0; i < 20; i++) {
            byte[] o1 = a.apply(in, r1);
            byte[] o2 = a.apply(in, r2);
            assertThat(o1).isEqualTo(o2).isNotSameAs(in);
            anyDiffers |= !Arrays.equals(o1, in);
        }
        assertThat(anyDiffers).isTrue();
        assertThat(in).isEqualTo(copy);
    }

    @Test
    void flipIsExactMirror() {
        byte[] in = image();
        byte[] f = Augmentation.transform(in, 0, 0, true);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < S; y++) {
                for (int x = 0; x < S; x++) {
                    assertThat(at(f, c, y, x)).isEqualTo(at(in, c, y, S - 1 - x));
                }
            }
        }
        assertThat(Augmentation.transform(f, 0, 0, true)).isEqualTo(in);
        assertThat(Augmentation.transform(in, 0, 0, false)).isEqualTo(in);
    }

    @Test
    void cropShiftsContentAndPadIsZero() {
        byte[] in = image();
        int dy = 3;
        int dx = -2;
        byte[] o = Augmentation.transform(in, dy, dx, false);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < S; y++) {
                for (int x = 0; x < S; x++) {
                    int sy = y + dy;
                    int sx = x + dx;
                    boolean inside = sy >= 0 && sy < S && sx >= 0 && sx < S;
                    assertThat(at(o, c, y, x)).isEqualTo(inside ? at(in, c, sy, sx) : 0);
                }
            }
        }
        // bottom 3 rows and left 2 columns are padding
        assertThat(at(o, 0, 31, 10)).isZero();
        assertThat(at(o, 2, 5, 1)).isZero();
        assertThat(at(o, 1, 5, 2)).isEqualTo(at(in, 1, 8, 0));
    }

    @Test
    void standardShiftsStayWithinPadAndFlipHalfTheTime() {
        byte[] in = image();
        Augmentation a = Augmentation.standard();
        SplittableRandom rng = new SplittableRandom(7);
        int flips = 0;
        int n = 2000;
        for (int i = 0; i < n; i++) {
            byte[] o = a.apply(in, rng);
            boolean matched = false;
            for (int dy = -4; dy <= 4 && !matched; dy++) {
                for (int dx = -4; dx <= 4 && !matched; dx++) {
                    if (Arrays.equals(o, Augmentation.transform(in, dy, dx, false))) {
                        matched = true;
                    } else if (Arrays.equals(o, Augmentation.transform(in, dy, dx, true))) {
                        matched = true;
                        flips++;
                    }
                }
            }
            assertThat(matched).isTrue();
        }
        assertThat(flips).isBetween(900, 1100);
    }
}
