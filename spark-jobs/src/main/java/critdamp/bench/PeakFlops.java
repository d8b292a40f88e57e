package critdamp.bench;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The machine's practical peak: GFLOP/s of a large square float matrix product through ND4J (OpenBLAS, with the
 * threads and core type the environment sets), {@code 2 n^3} FLOPs per product, into a preallocated result.
 */
public final class PeakFlops {
    private PeakFlops() {
    }

    /** One size's timings: GFLOP/s per rep, sorted ascending. */
    public record Result(int n, double[] gflops) {
        public double median() {
            return gflops[gflops.length / 2];
        }

        public double best() {
            return gflops[gflops.length - 1];
        }
    }

    /** Times {@code reps} products of n x n float matrices after one warm-up product. */
    public static Result measure(int n, int reps) {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, new long[]{n, n}, 'f');
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        double[] g = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            Nd4j.getExecutioner().commit();
            double s = (System.nanoTime() - t0) / 1e9;
            g[r] = 2.0 * n * n * (double) n / s / 1e9;
        }
        Arrays.sort(g);
        return new Result(n, g);
    }
}
