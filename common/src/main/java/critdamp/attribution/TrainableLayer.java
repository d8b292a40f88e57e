package critdamp.attribution;

import java.util.List;

/**
 * One parameterized layer as attribution sees it: its name in the graph, the keys of its gradient-trained parameters
 * (in DL4J's parameter-table order) and how many scalars they hold.
 *
 * <p>Batch-normalization running statistics ({@code mean}, {@code var}, {@code log10stdev}) are not gradient-trained
 * (DL4J updates them as a moving average through the updater), so they are not part of a layer here.
 */
public record TrainableLayer(String name, List<String> paramKeys, long paramCount) {
    public TrainableLayer {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: must be given (non-empty)");
        }
        if (paramKeys == null || paramKeys.isEmpty()) {
            throw new IllegalArgumentException("paramKeys of layer '" + name + "': must name at least one parameter");
        }
        if (paramCount <= 0) {
            throw new IllegalArgumentException("paramCount of layer '" + name + "' = " + paramCount + ": must be > 0");
        }
        paramKeys = List.copyOf(paramKeys);
    }
}
