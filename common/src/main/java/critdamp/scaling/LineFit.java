package critdamp.scaling;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The least-squares line {@code y = intercept + slope x} with both coefficients non-negative (a cost cannot be
 * negative, and noise on a few points can make an unconstrained fit say so). With two unknowns the constrained
 * optimum is either the unconstrained fit, when it is feasible, or the best fit on one of the boundary faces
 * ({@code intercept = 0}: through the origin; {@code slope = 0}: the mean), or zero: this tries them all and keeps the
 * feasible one with the least squared error.
 *
 * @param intercept   the fitted intercept (>= 0)
 * @param slope       the fitted slope (>= 0)
 * @param rmsResidual root-mean-square residual of the fitted points
 */
public record LineFit(double intercept, double slope, double rmsResidual) {

    /** Fits {@code y} against {@code x}; needs two or more distinct {@code x}. */
    public static LineFit nonNegative(double[] x, double[] y) {
        if (x.length != y.length || Arrays.stream(x).distinct().count() < 2) {
            throw new IllegalArgumentException("a line fit needs points at two or more distinct x, got x = "
                    + Arrays.toString(x) + " for " + y.length + " values");
        }
        double n = x.length;
        double sx = Arrays.stream(x).sum();
        double sy = Arrays.stream(y).sum();
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < x.length; i++) {
            sxx += x[i] * x[i];
            sxy += x[i] * y[i];
        }
        double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        double[][] candidates = {{(sy - slope * sx) / n, slope}, {0, Math.max(0, sxy / sxx)}, {Math.max(0, sy / n), 0},
                {0, 0}};
        double[] best = Stream.of(candidates).filter(c -> c[0] >= 0 && c[1] >= 0)
                .min(Comparator.comparingDouble(c -> squaredError(x, y, c[0], c[1]))).orElseThrow();
        return new LineFit(best[0], best[1], Math.sqrt(squaredError(x, y, best[0], best[1]) / n));
    }

    /** The line's value at {@code x}. */
    public double at(double x) {
        return intercept + slope * x;
    }

    private static double squaredError(double[] x, double[] y, double intercept, double slope) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double r = y[i] - intercept - slope * x[i];
            sum += r * r;
        }
        return sum;
    }
}
