package critdamp.attribution;

/**
 * The attribution figures of one parameterized layer l (see {@link LayerAttribution} for the definitions).
 *
 * @param name                  the layer's name in the graph
 * @param paramCount            number of its trainable parameters n_l
 * @param paramShare            n_l / (sum of n over all attributed layers)
 * @param gradNormMisclassified ||G_l^M||, L2 norm of the mean loss gradient over the misclassified set M
 * @param gradNormCorrect       ||G_l^C||, the same over the correctly classified set C
 * @param paramNorm             ||theta_l||, L2 norm of the layer's trainable parameters
 * @param score                 ||G_l^M|| / ||theta_l||, the relative gradient on M (the ranking key)
 * @param contrast              ||G_l^M|| / ||G_l^C||, misclassified against correct (reported, not ranked on)
 */
public record LayerScore(String name, long paramCount, double paramShare, double gradNormMisclassified,
                         double gradNormCorrect, double paramNorm, double score, double contrast) {
    public LayerScore {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: must be given (non-empty)");
        }
        if (paramCount <= 0) {
            throw new IllegalArgumentException("paramCount of layer '" + name + "' = " + paramCount + ": must be > 0");
        }
        if (!(paramShare > 0 && paramShare <= 1)) {
            throw new IllegalArgumentException("paramShare of layer '" + name + "' = " + paramShare
                    + ": must be in (0, 1]");
        }
    }
}
