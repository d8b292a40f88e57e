package critdamp.gpu;

import java.util.Locale;
import java.util.Random;

/**
 * The end-to-end check of a GPU build: one float matrix product on the device, compared with a plain-Java double
 * reference. A GPU without a kernel image for the build fails here (or errs by the order of the values themselves);
 * both engines' checks ({@link GpuCheck} for ND4J, {@code critdamp.torch.TorchDevice} for libtorch) use it.
 */
public final class ProductCheck {
    /** The product under test: {@code a x b} for n x n matrices, computed by the library and device checked. */
    @FunctionalInterface
    public interface Multiply {
        double[][] apply(float[][] a, float[][] b);
    }

    private ProductCheck() {
    }

    /**
     * Null when {@code multiply}'s product of two random n x n matrices matches the reference, else the first
     * mismatch. The tolerance, 2^-9 of the sum of |products| per element, admits TF32 tensor-core rounding (10-bit
     * mantissa) on Ampere and later.
     */
    public static String error(int n, Multiply multiply) {
        Random rnd = new Random(7);
        float[][] a = new float[n][n];
        float[][] b = new float[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = rnd.nextFloat() * 2 - 1;
                b[i][j] = rnd.nextFloat() * 2 - 1;
            }
        }
        double[][] got = multiply.apply(a, b);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double ref = 0;
                double abs = 0;
                for (int k = 0; k < n; k++) {
                    ref += (double) a[i][k] * b[k][j];
                    abs += Math.abs((double) a[i][k] * b[k][j]);
                }
                if (!(Math.abs(got[i][j] - ref) <= 0x1p-9 * abs + Double.MIN_NORMAL)) {
                    return String.format(Locale.ROOT, "C[%d][%d] = %s, reference %s", i, j, got[i][j], ref);
                }
            }
        }
        return null;
    }
}
