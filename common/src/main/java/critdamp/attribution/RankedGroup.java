package critdamp.attribution;

import java.util.List;

/**
 * One group's line in {@code selection.json}: its rank, score and share, and whether the rule flagged it.
 *
 * @param rank       1 for the highest score; NaN scores rank last
 * @param name       the group
 * @param layers     its layers, in network order
 * @param paramCount its trainable parameters
 * @param paramShare paramCount / all attributed parameters
 * @param score      ||G_g^M|| / ||theta_g|| ({@link GroupAttribution})
 * @param contrast   ||G_g^M|| / ||G_g^C||
 * @param flagged    whether the selection rule flagged it
 */
public record RankedGroup(int rank, String name, List<String> layers, long paramCount, double paramShare,
                          double score, double contrast, boolean flagged) {
    public RankedGroup {
        layers = List.copyOf(layers);
    }
}
