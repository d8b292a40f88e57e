package critdamp.attribution;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.DataSet;

/**
 * The mergeable state of per-layer gradient attribution: for every parameterized layer l, the SUM over misclassified
 * examples (set M) and over correctly classified examples (set C) of the per-example loss gradient w.r.t. theta_l,
 * plus the counts |M| and |C|.
 *
 * <p>Sums and counts add, so partial results from any split of the data {@link #merge merge} into the same totals, and
 * the mean gradients {@code G_l^M = sum_M / |M|}, {@code G_l^C = sum_C / |C|} do not depend on the number of
 * partitions; they equal DL4J's {@code computeGradientAndScore} gradient on the set divided by its size (that gradient
 * is the summed-loss gradient). Each minibatch is processed whole (see {@link AttributionProbe}: DL4J's
 * {@link GradientProbe} or any engine's {@link EngineGradientProbe}); only with batch
 * normalization does the result depend on how examples are grouped into minibatches, never on partitioning.
 *
 * <p>Plain arrays only (no INDArray), so it travels through Java or Kryo serialization without registrators.
 * {@link #add} and {@link #merge} update this object in place and return it (Spark's aggregate style).
 */
public final class LayerGradientSums implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Null for the identity element (nothing seen yet, layout not known). */
    private String[] names;
    private long[] paramCounts;
    private double[] paramNorms;
    private double[][] sumMisclassified;
    private double[][] sumCorrect;
    private long misclassified;
    private long correct;

    private LayerGradientSums() {
    }

    /** The neutral element of {@link #merge}: no layout, no examples (the zero value of a Spark aggregate). */
    public static LayerGradientSums identity() {
        return new LayerGradientSums();
    }

    /** Zero sums laid out for {@code probe}'s layers, with its parameter norms (either engine's probe). */
    public static LayerGradientSums emptyFor(AttributionProbe<?> probe) {
        List<TrainableLayer> layers = probe.layers();
        LayerGradientSums s = new LayerGradientSums();
        int n = layers.size();
        s.names = new String[n];
        s.paramCounts = new long[n];
        s.sumMisclassified = new double[n][];
        s.sumCorrect = new double[n][];
        for (int i = 0; i < n; i++) {
            TrainableLayer tl = layers.get(i);
            s.names[i] = tl.name();
            s.paramCounts[i] = tl.paramCount();
            s.sumMisclassified[i] = new double[Math.toIntExact(tl.paramCount())];
            s.sumCorrect[i] = new double[Math.toIntExact(tl.paramCount())];
        }
        s.paramNorms = probe.parameterNorms();
        return s;
    }

    /** Single machine: sums over all minibatches of {@code batches}, on a working copy of {@code model}. */
    public static LayerGradientSums collect(ComputationGraph model, Iterator<? extends DataSet> batches) {
        GradientProbe probe = GradientProbe.of(model);
        LayerGradientSums sums = emptyFor(probe);
        while (batches.hasNext()) {
            sums.add(probe, batches.next());
        }
        return sums;
    }

    /**
     * Classifies the examples of {@code batch} with {@code probe} and adds their gradients to the M or C sums.
     *
     * @return this
     */
    public <B> LayerGradientSums add(AttributionProbe<B> probe, B batch) {
        if (names == null) {
            throw new IllegalStateException("the identity element has no layout: start from emptyFor(probe)");
        }
        List<TrainableLayer> layers = probe.layers();
        if (layers.size() != names.length) {
            throw new IllegalArgumentException("probe has " + layers.size() + " layers, these sums " + names.length);
        }
        for (int i = 0; i < names.length; i++) {
            if (!layers.get(i).name().equals(names[i])) {
                throw new IllegalArgumentException("probe layer " + i + " is '" + layers.get(i).name()
                        + "', these sums have '" + names[i] + "'");
            }
        }
        boolean[] wrong = probe.misclassified(batch);
        boolean[] right = new boolean[wrong.length];
        int nWrong = 0;
        for (int i = 0; i < wrong.length; i++) {
            right[i] = !wrong[i];
            nWrong += wrong[i] ? 1 : 0;
        }
        probe.accumulateGradientSum(batch, wrong, sumMisclassified);
        probe.accumulateGradientSum(batch, right, sumCorrect);
        misclassified += nWrong;
        correct += wrong.length - nWrong;
        return this;
    }

    /**
     * Adds {@code other}'s sums and counts into this one (same layers required; the identity merges with anything).
     *
     * @return this
     */
    public LayerGradientSums merge(LayerGradientSums other) {
        if (other.names == null) {
            return this;
        }
        if (names == null) {
            names = other.names.clone();
            paramCounts = other.paramCounts.clone();
            paramNorms = other.paramNorms.clone();
            sumMisclassified = deepCopy(other.sumMisclassified);
            sumCorrect = deepCopy(other.sumCorrect);
            misclassified = other.misclassified;
            correct = other.correct;
            return this;
        }
        if (!Arrays.equals(names, other.names) || !Arrays.equals(paramCounts, other.paramCounts)) {
            throw new IllegalArgumentException("cannot merge sums of different networks: layers "
                    + Arrays.toString(names) + " vs " + Arrays.toString(other.names));
        }
        for (int l = 0; l < names.length; l++) {
            addInto(sumMisclassified[l], other.sumMisclassified[l]);
            addInto(sumCorrect[l], other.sumCorrect[l]);
        }
        misclassified += other.misclassified;
        correct += other.correct;
        return this;
    }

    /** True for the identity element (nothing added, layout unknown). */
    public boolean isIdentity() {
        return names == null;
    }

    public int layerCount() {
        requireLayout();
        return names.length;
    }

    public String layerName(int layer) {
        requireLayout();
        return names[layer];
    }

    public long paramCount(int layer) {
        requireLayout();
        return paramCounts[layer];
    }

    /** ||theta_l||, the L2 norm of layer l's trainable parameters. */
    public double paramNorm(int layer) {
        requireLayout();
        return paramNorms[layer];
    }

    /** |M|: examples misclassified so far. */
    public long misclassifiedCount() {
        return misclassified;
    }

    /** |C|: examples correctly classified so far. */
    public long correctCount() {
        return correct;
    }

    /** A copy of sum over M of the per-example gradients of layer l. */
    public double[] misclassifiedSum(int layer) {
        requireLayout();
        return sumMisclassified[layer].clone();
    }

    /** A copy of sum over C of the per-example gradients of layer l. */
    public double[] correctSum(int layer) {
        requireLayout();
        return sumCorrect[layer].clone();
    }

    /** G_l^M = sum_M / |M| (all NaN when M is empty). */
    public double[] meanMisclassifiedGradient(int layer) {
        return divide(misclassifiedSum(layer), misclassified);
    }

    /** G_l^C = sum_C / |C| (all NaN when C is empty). */
    public double[] meanCorrectGradient(int layer) {
        return divide(correctSum(layer), correct);
    }

    /** ||sum_M|| / |M| = ||G_l^M|| without copying the sum. */
    double meanMisclassifiedNorm(int layer) {
        return norm(sumMisclassified[layer]) / misclassified;
    }

    double meanCorrectNorm(int layer) {
        return norm(sumCorrect[layer]) / correct;
    }

    private void requireLayout() {
        if (names == null) {
            throw new IllegalStateException("the identity element has no layers");
        }
    }

    private static double[] divide(double[] v, long n) {
        for (int i = 0; i < v.length; i++) {
            v[i] /= n;
        }
        return v;
    }

    static double norm(double[] v) {
        double sq = 0;
        for (double x : v) {
            sq += x * x;
        }
        return Math.sqrt(sq);
    }

    private static void addInto(double[] target, double[] add) {
        for (int i = 0; i < target.length; i++) {
            target[i] += add[i];
        }
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
