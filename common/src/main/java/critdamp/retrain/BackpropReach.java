package critdamp.retrain;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/**
 * The vertices a retraining step must backpropagate through: every vertex that is a trained layer or takes a trained
 * layer's output, directly or through other vertices. The error signal of any other vertex (everything below the
 * lowest trained layers) reaches no trained parameter, so its backward pass is wasted work; {@link LayerFreezing}
 * lets DL4J skip it.
 */
final class BackpropReach {
    private BackpropReach() {
    }

    /**
     * The names of the vertices of {@code conf} downstream of (or equal to) a layer in {@code trainedLayers}, in the
     * configuration's vertex order. Network inputs are not vertices and never included.
     */
    static Set<String> of(ComputationGraphConfiguration conf, Set<String> trainedLayers) {
        Objects.requireNonNull(conf, "conf");
        Objects.requireNonNull(trainedLayers, "trainedLayers");
        Map<String, List<String>> inputs = conf.getVertexInputs();
        Map<String, Boolean> memo = new HashMap<>();
        Set<String> out = new LinkedHashSet<>();
        for (String name : conf.getVertices().keySet()) {
            if (reached(name, inputs, trainedLayers, memo)) {
                out.add(name);
            }
        }
        return Collections.unmodifiableSet(out);
    }

    private static boolean reached(String name, Map<String, List<String>> inputs, Set<String> trained,
                                   Map<String, Boolean> memo) {
        Boolean known = memo.get(name);
        if (known != null) {
            return known;
        }
        boolean r = trained.contains(name);
        for (String in : inputs.getOrDefault(name, List.of())) {
            r |= reached(in, inputs, trained, memo); // a network input has no inputs and is never trained
        }
        memo.put(name, r);
        return r;
    }
}
