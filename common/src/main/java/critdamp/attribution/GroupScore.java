package critdamp.attribution;

import java.util.List;

/**
 * The attribution figures of one layer group g ({@link GroupAttribution}): the group's parameters taken as one vector
 * theta_g, the concatenation of its layers' trainable parameters.
 *
 * @param name                  the group's name ({@link critdamp.model.LayerGroups})
 * @param layers                its layers, in network order
 * @param paramCount            n_g, its trainable parameters
 * @param paramShare            n_g / all attributed parameters
 * @param gradNormMisclassified ||G_g^M|| = sqrt(sum over its layers of ||G_l^M||^2)
 * @param gradNormCorrect       ||G_g^C||, the same over the correctly classified set C
 * @param paramNorm             ||theta_g|| = sqrt(sum over its layers of ||theta_l||^2)
 * @param score                 ||G_g^M|| / ||theta_g||, the group's relative gradient on M (the ranking key)
 * @param contrast              ||G_g^M|| / ||G_g^C|| (reported, not ranked on)
 */
public record GroupScore(String name, List<String> layers, long paramCount, double paramShare,
                         double gradNormMisclassified, double gradNormCorrect, double paramNorm, double score,
                         double contrast) {
    public GroupScore {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: must be given (non-empty)");
        }
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("layers of group '" + name + "': must hold at least one layer");
        }
        layers = List.copyOf(layers);
        if (paramCount <= 0) {
            throw new IllegalArgumentException("paramCount of group '" + name + "' = " + paramCount + ": must be > 0");
        }
    }
}
