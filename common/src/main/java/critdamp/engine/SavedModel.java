package critdamp.engine;

import critdamp.base.Json;
import critdamp.optim.OptimizerSpec;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a checkpoint says about its model besides the values, the same for every engine: the network, the optimizer and
 * the frozen groups. Written as one line of JSON.
 *
 * @param network      the architecture
 * @param optimizer    the optimizer's kind and weight decay
 * @param frozenGroups groups frozen for retraining, sorted; empty when all train
 */
public record SavedModel(NetworkSpec network, OptimizerSpec optimizer, Set<String> frozenGroups) {
    public SavedModel {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(optimizer, "optimizer");
        frozenGroups = Collections.unmodifiableSortedSet(new TreeSet<>(frozenGroups == null ? Set.of() : frozenGroups));
    }

    public String toJson() {
        return Json.writeLine(this);
    }

    public static SavedModel fromJson(String json, String source) {
        return Json.read(json, SavedModel.class, source);
    }
}
