package critdamp.fastpath;

import java.util.Locale;
import java.util.Random;
import java.util.function.BinaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks that ND4J's matrix product (OpenBLAS, with whatever {@code OPENBLAS_CORETYPE} this process has) computes
 * right, and measures its speed. The bundled OpenBLAS 0.3.19 does not recognise recent CPUs (AMD Zen 5): auto-detected
 * it runs ~2x slower than with {@code OPENBLAS_CORETYPE=Haswell}, and old builds can compute wrong results on CPUs
 * they misdetect. A launcher where {@code OPENBLAS_CORETYPE} is unset runs this class in a child process with a
 * candidate value and uses it only on exit code 0; where the variable is set, leave it as found.
 *
 * <p>The check: {@code C = A B} for random {@code A} (m x k) and {@code B} (k x n), float and double, at two sizes (one
 * with odd dimensions, to reach the kernels' edge cases), against a plain-Java product accumulated in double. Element
 * {@code (i,j)} passes when {@code |C - C_ref| <= 2 k u (|A||B|)_ij + tiny}, {@code u} the unit round-off of the type
 * (2^-24 float, 2^-53 double): the classical worst-case bound {@code k u |A||B|} for any summation order, doubled. A
 * wrong kernel errs by O(1) of {@code (|A||B|)_ij}, thousands of times more.
 *
 * <p>{@code main} prints, as its last line, {@code OK <GFLOP/s> GFLOP/s ...} (float 1024^3 product, best of 5) and
 * exits 0, or {@code FAIL <reason>} and exits 1 (wrong result) or 2 (crash).
 */
public final class BlasCheck {
    /** Sizes (m, k, n) checked against the reference. */
    static final int[][] SHAPES = {{256, 384, 192}, {257, 383, 191}};
    private static final int SPEED_SIZE = 1024;

    private BlasCheck() {
    }

    /** Outcome of {@link #run()}. */
    public record Result(boolean ok, double gflops, String message) {
    }

    public static void main(String[] args) {
        int code;
        String line;
        try {
            Result r = run();
            code = r.ok() ? 0 : 1;
            line = r.ok() ? String.format(Locale.ROOT, "OK %.1f GFLOP/s (%s)", r.gflops(), r.message())
                    : "FAIL " + r.message();
        } catch (Throwable t) {
            code = 2;
            line = "FAIL " + t;
        }
        System.out.println(line);
        System.out.flush();
        System.exit(code);
    }

    /** Runs the correctness checks, then (if they pass) the speed measurement. */
    public static Result run() {
        long seed = 42;
        for (int[] s : SHAPES) {
            for (DataType type : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
                String err = check(s[0], s[1], s[2], type, seed++, INDArray::mmul);
                if (err != null) {
                    return new Result(false, 0, err + " (OPENBLAS_CORETYPE=" + System.getenv("OPENBLAS_CORETYPE") + ")");
                }
            }
        }
        double gflops = measureGflops(SPEED_SIZE, 5);
        return new Result(true, gflops, "float " + SPEED_SIZE + "^3, OPENBLAS_CORETYPE="
                + System.getenv("OPENBLAS_CORETYPE"));
    }

    /**
     * Null when {@code product} (ND4J's {@code mmul} in {@link #run()}) of an m x k and a k x n random matrix of
     * {@code type} is within the bound, else what went wrong.
     */
    static String check(int m, int k, int n, DataType type, long seed, BinaryOperator<INDArray> product) {
        Random rnd = new Random(seed);
        double[][] a = random(m, k, rnd);
        double[][] b = random(k, n, rnd);
        // round the inputs to the tested type, so the reference multiplies exactly what ND4J multiplies
        INDArray na = Nd4j.createFromArray(a).castTo(type);
        INDArray nb = Nd4j.createFromArray(b).castTo(type);
        double[][] ar = na.toDoubleMatrix();
        double[][] br = nb.toDoubleMatrix();
        double[][] c = product.apply(na, nb).castTo(DataType.DOUBLE).toDoubleMatrix();
        double u = type == DataType.FLOAT ? 0x1p-24 : 0x1p-53;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double ref = 0;
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    ref += ar[i][p] * br[p][j];
                    abs += Math.abs(ar[i][p] * br[p][j]);
                }
                double err = Math.abs(c[i][j] - ref);
                double bound = 2 * k * u * abs + Double.MIN_NORMAL;
                if (!(err <= bound)) {
                    return String.format(Locale.ROOT, "%s %dx%dx%d: C[%d][%d] = %s, reference %s, error %.3g > bound %.3g",
                            type, m, k, n, i, j, c[i][j], ref, err, bound);
                }
            }
        }
        return null;
    }

    /** Best-of-{@code reps} GFLOP/s (2 n^3 flops) of a float n x n product. */
    static double measureGflops(int n, int reps) {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        a.mmuli(b, c); // warm-up
        long best = Long.MAX_VALUE;
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            a.mmuli(b, c);
            best = Math.min(best, System.nanoTime() - t0);
        }
        return 2.0 * n * n * n / best;
    }

    private static double[][] random(int rows, int cols, Random rnd) {
        double[][] x = new double[rows][cols];
        for (double[] row : x) {
            for (int j = 0; j < cols; j++) {
                row[j] = rnd.nextDouble() * 2 - 1;
            }
        }
        return x;
    }
}
