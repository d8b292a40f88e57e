package critdamp.attribution;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import critdamp.model.LayerGroups;

/**
 * Per-layer attribution gathered into layer groups, the paper's unit ({@link LayerGroups}: a convolution with its
 * batch norm, a ResNet stage, the classifier).
 *
 * <p><b>Group score.</b> A group's parameters are one vector theta_g (its layers' parameters concatenated), and its
 * score is the layer score of that vector: {@code score_g = ||G_g^M|| / ||theta_g||} with
 * {@code ||G_g^M||^2 = sum_l ||G_l^M||^2} and {@code ||theta_g||^2 = sum_l ||theta_l||^2} over the group's layers
 * (exact, since the squared L2 norm of a concatenation is the sum of the parts'). So the group score is the relative
 * change that gradient descent on the misclassified examples asks of the group as a whole, comparable across groups
 * of different sizes for the reason given in {@link LayerAttribution}. Not the sum of the layers' scores: that grows
 * with the number of layers in a group (a ResNet stage has 6-10, the classifier 1), and a batch norm's small
 * gamma/beta norm would weigh as much as its convolution's. The contrast is formed the same way.
 *
 * @param misclassified |M|
 * @param correct       |C|
 * @param groups        one entry per group, in network order
 */
public record GroupAttribution(long misclassified, long correct, List<GroupScore> groups) {
    /** Highest score first, NaN last; ties keep network order. */
    public static final Comparator<GroupScore> BY_SCORE_DESCENDING = (a, b) -> {
        boolean an = Double.isNaN(a.score());
        boolean bn = Double.isNaN(b.score());
        if (an || bn) {
            return Boolean.compare(an, bn);
        }
        return Double.compare(b.score(), a.score());
    };

    public GroupAttribution {
        if (groups == null || groups.isEmpty()) {
            throw new IllegalArgumentException("groups: must hold at least one group");
        }
        groups = List.copyOf(groups);
    }

    /** The groups of {@code layers}' layers ({@link LayerGroups#groupOf}), with their combined figures. */
    public static GroupAttribution of(LayerAttribution layers) {
        Map<String, List<String>> members = LayerGroups.of(layers.layers().stream().map(LayerScore::name).toList());
        long total = layers.totalParams();
        List<GroupScore> out = new ArrayList<>(members.size());
        for (Map.Entry<String, List<String>> g : members.entrySet()) {
            long params = 0;
            double gm = 0;
            double gc = 0;
            double theta = 0;
            for (String name : g.getValue()) {
                LayerScore s = layers.layer(name);
                params += s.paramCount();
                gm += s.gradNormMisclassified() * s.gradNormMisclassified();
                gc += s.gradNormCorrect() * s.gradNormCorrect();
                theta += s.paramNorm() * s.paramNorm();
            }
            gm = Math.sqrt(gm);
            gc = Math.sqrt(gc);
            theta = Math.sqrt(theta);
            out.add(new GroupScore(g.getKey(), g.getValue(), params, (double) params / total, gm, gc, theta,
                    gm / theta, gm / gc));
        }
        return new GroupAttribution(layers.misclassified(), layers.correct(), out);
    }

    /** Sum of the groups' parameter counts (the model's trainable parameters). */
    public long totalParams() {
        return groups.stream().mapToLong(GroupScore::paramCount).sum();
    }

    /** The groups ordered by {@link #BY_SCORE_DESCENDING}. */
    public List<GroupScore> ranked() {
        List<GroupScore> r = new ArrayList<>(groups);
        r.sort(BY_SCORE_DESCENDING);
        return r;
    }

    /** A console table, ranked by score. */
    public String toTable() {
        int w = "group".length();
        for (GroupScore g : groups) {
            w = Math.max(w, g.name().length());
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Per-group attribution: %d groups, %d parameters%n", groups.size(),
                totalParams()));
        String head = String.format(Locale.ROOT, "%4s  %-" + w + "s  %6s  %10s  %7s  %11s  %11s%n", "rank", "group",
                "layers", "params", "share", "score", "contrast");
        sb.append(head).append("-".repeat(head.length() - 1)).append('\n');
        int rank = 1;
        for (GroupScore g : ranked()) {
            sb.append(String.format(Locale.ROOT, "%4d  %-" + w + "s  %6d  %10d  %6.2f%%  %11.4g  %11.4g%n", rank++,
                    g.name(), g.layers().size(), g.paramCount(), 100 * g.paramShare(), g.score(), g.contrast()));
        }
        sb.append("score = |G^M| / |theta| over the group's parameters as one vector\n");
        return sb.toString();
    }
}
