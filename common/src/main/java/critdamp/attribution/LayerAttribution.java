package critdamp.attribution;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import critdamp.base.Json;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.DataSet;

/**
 * Per-layer gradient attribution of a classifier's errors: which parameterized layers the misclassified examples
 * pull on hardest, relative to the layer's own size.
 *
 * <p><b>Definition.</b> An evaluation set is split by the network's inference-mode prediction into misclassified
 * examples M (argmax of the output differs from the label) and correctly classified examples C. For every
 * parameterized layer l with trainable parameters theta_l (batch-norm running statistics excluded):
 * <pre>
 *   G_l^M = (1/|M|) * sum_{i in M} dL_i/dtheta_l      mean per-example loss gradient over M
 *   G_l^C = (1/|C|) * sum_{i in C} dL_i/dtheta_l      the same over C
 *   score_l    = ||G_l^M|| / ||theta_l||               relative gradient on M (ranking key)
 *   contrast_l = ||G_l^M|| / ||G_l^C||                 reported beside it
 * </pre>
 * L_i is the network's loss for example i without regularization terms; the norms are L2 over all of the layer's
 * trainable parameters. score_l is the relative change that gradient descent on the misclassified examples asks of
 * layer l: a step lr*G_l^M changes theta_l by lr*score_l relative to its size. Dividing by ||theta_l|| makes layers of
 * very different sizes comparable: for comparable per-parameter magnitudes both norms grow like sqrt(n_l) with the
 * layer's size n_l, so the ratio is a per-parameter relative quantity. (It is not invariant to rescalings that leave
 * a ReLU network's function unchanged, e.g. theta_l*c with theta_{l+1}/c; nets trained from standard
 * initializations keep comparable per-layer scales.)
 *
 * <p>Why not rank by the contrast ||G^M|| / ||G^C||, which cancels size and scale too? Measured on small trained
 * conv nets (conv-conv-dense-output, with and without batch norm, 2 seeds, each of the 4 layers' weights permuted in
 * 3 ways: 48 trials), the contrast put the damaged layer first in 9 trials, below the chance level of about 1 in 4;
 * the relative gradient in 28: 10 of 12 for the dense layer, 6 of 12 for the second conv layer, none for the first
 * conv layer (whose damage it blamed on the output layer), and all 12 for the output layer, which in these nets ranks
 * first even undamaged. The correctly classified examples of a damaged network push on the damaged layer too, so the
 * contrast cancels the very signal sought. The contrast is kept as a column. Attribution is a first-order diagnostic:
 * it points at layers whose parameters the errors pull on, which is not always the layer that was damaged.
 *
 * <p>How it is computed ({@link GradientProbe}): predictions in inference mode; gradients by DL4J's backprop over each
 * whole minibatch with the loss masked to the examples of one set, dropout and weight noise removed, batch norm with
 * the minibatch statistics as in training; the model's parameters and updater state are never changed. Partial
 * results are {@link LayerGradientSums} (sums and counts), so a distributed run equals a single-machine one.
 *
 * <p>Undefined values: with M empty, G^M and score are NaN; with C empty, G^C and contrast are NaN. NaN scores rank
 * last and are never selected.
 *
 * @param misclassified |M|
 * @param correct       |C|
 * @param layers        one entry per parameterized layer, in the graph's topological order
 */
public record LayerAttribution(long misclassified, long correct, List<LayerScore> layers) {
    /** Highest score first, NaN last; ties keep network order. */
    public static final Comparator<LayerScore> BY_SCORE_DESCENDING = (a, b) -> {
        boolean an = Double.isNaN(a.score());
        boolean bn = Double.isNaN(b.score());
        if (an || bn) {
            return Boolean.compare(an, bn);
        }
        return Double.compare(b.score(), a.score());
    };

    public LayerAttribution {
        if (misclassified < 0 || correct < 0) {
            throw new IllegalArgumentException("misclassified = " + misclassified + ", correct = " + correct
                    + ": counts must be >= 0");
        }
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("layers: must hold at least one layer");
        }
        layers = List.copyOf(layers);
        Set<String> seen = new HashSet<>();
        for (LayerScore s : layers) {
            if (!seen.add(s.name())) {
                throw new IllegalArgumentException("layers: layer name '" + s.name() + "' appears twice");
            }
        }
    }

    /** Scores from merged sums (single machine or distributed). */
    public static LayerAttribution of(LayerGradientSums sums) {
        if (sums.isIdentity()) {
            throw new IllegalArgumentException("no data was seen: the sums are empty");
        }
        long total = 0;
        for (int l = 0; l < sums.layerCount(); l++) {
            total += sums.paramCount(l);
        }
        List<LayerScore> out = new ArrayList<>(sums.layerCount());
        for (int l = 0; l < sums.layerCount(); l++) {
            double gm = sums.meanMisclassifiedNorm(l);
            double gc = sums.meanCorrectNorm(l);
            double theta = sums.paramNorm(l);
            out.add(new LayerScore(sums.layerName(l), sums.paramCount(l), (double) sums.paramCount(l) / total, gm, gc,
                    theta, gm / theta, gm / gc));
        }
        return new LayerAttribution(sums.misclassifiedCount(), sums.correctCount(), out);
    }

    /** Single machine: attribution of {@code model} over the minibatches of {@code batches}. */
    public static LayerAttribution compute(ComputationGraph model, Iterator<? extends DataSet> batches) {
        return of(LayerGradientSums.collect(model, batches));
    }

    /** Sum of the parameter counts of the attributed layers (the model's trainable parameters). */
    public long totalParams() {
        return layers.stream().mapToLong(LayerScore::paramCount).sum();
    }

    /** |C| / (|M| + |C|); NaN without examples. */
    public double accuracy() {
        return (double) correct / (misclassified + correct);
    }

    /** The layers ordered by {@link #BY_SCORE_DESCENDING}. */
    public List<LayerScore> ranked() {
        List<LayerScore> r = new ArrayList<>(layers);
        r.sort(BY_SCORE_DESCENDING);
        return r;
    }

    /** The named layer's figures. */
    public LayerScore layer(String name) {
        return layers.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no attributed layer named '" + name + "'"));
    }

    public String toJson() {
        return Json.write(this);
    }

    public static LayerAttribution fromJson(String json) {
        return Json.read(json, LayerAttribution.class, "attribution JSON");
    }

    public void writeJson(Path file) {
        Json.writeFile(file, this);
    }

    public static LayerAttribution readJson(Path file) {
        return Json.readFile(file, LayerAttribution.class);
    }

    /** A console table, ranked by score. */
    public String toTable() {
        int w = "layer".length();
        for (LayerScore s : layers) {
            w = Math.max(w, s.name().length());
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Per-layer attribution: |M| = %d misclassified, |C| = %d correct"
                + " (accuracy %.4f), %d parameters%n", misclassified, correct, accuracy(), totalParams()));
        String head = String.format(Locale.ROOT, "%4s  %-" + w + "s  %10s  %7s  %11s  %11s  %11s  %11s  %11s%n",
                "rank", "layer", "params", "share", "|G^M|", "|G^C|", "|theta|", "score", "contrast");
        sb.append(head);
        sb.append("-".repeat(head.length() - 1)).append('\n');
        int rank = 1;
        for (LayerScore s : ranked()) {
            sb.append(String.format(Locale.ROOT,
                    "%4d  %-" + w + "s  %10d  %6.2f%%  %11.4g  %11.4g  %11.4g  %11.4g  %11.4g%n", rank++, s.name(),
                    s.paramCount(), 100 * s.paramShare(), s.gradNormMisclassified(), s.gradNormCorrect(),
                    s.paramNorm(), s.score(), s.contrast()));
        }
        sb.append("score = |G^M| / |theta| (relative gradient on misclassified examples); "
                + "contrast = |G^M| / |G^C|\n");
        return sb.toString();
    }
}
