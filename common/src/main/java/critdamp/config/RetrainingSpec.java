package critdamp.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;
import critdamp.base.Check;
import critdamp.base.ConfigException;

/**
 * The {@code retraining:} section: the targeted correction stage (flagged groups only, the rest frozen) and its
 * controls, every arm with the same protocol, the run's optimizer and momentum kind.
 *
 * <p>The protocol is chosen on the validation split from the grid {@code epochs x baseLr} (one value each: a
 * one-point grid, nothing to choose): each grid point retrains the all-layers arm, and the point with the highest
 * validation accuracy after retraining (the first in grid order on a tie) becomes every arm's protocol. The
 * all-layers arm involves no selection, so the choice cannot favour the targeted arm over the random ones.
 *
 * @param epochs     passes over the training split per arm, one or more values (default [1])
 * @param baseLr     peak learning rate of the retraining's cosine schedule, one or more values (default [0.01]: a
 *                   fine-tuning rate)
 * @param controls   also retrain all groups and {@code randomArms} random group sets (default true)
 * @param randomArms R, the number of random group sets, each with as many groups as the targeted arm (default 10)
 * @param replicate  retrain the targeted groups a second time with another data order, to measure how much net
 *                   moves with the data order alone (default true)
 */
public record RetrainingSpec(
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Integer> epochs,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Double> baseLr,
        Boolean controls, Integer randomArms, Boolean replicate) {
    public RetrainingSpec {
        epochs = epochs == null || epochs.isEmpty() ? List.of(1) : epochs;
        baseLr = baseLr == null || baseLr.isEmpty() ? List.of(0.01) : baseLr;
        epochs.forEach(e -> Check.positive("retraining.epochs", e == null ? 0 : e));
        baseLr.forEach(lr -> Check.positive("retraining.baseLr", lr == null ? 0 : lr));
        epochs = distinct("retraining.epochs", epochs);
        baseLr = distinct("retraining.baseLr", baseLr);
        controls = controls == null ? Boolean.TRUE : controls;
        randomArms = Check.positive("retraining.randomArms", randomArms == null ? 10 : randomArms);
        replicate = replicate == null ? Boolean.TRUE : replicate;
    }

    public static RetrainingSpec defaults() {
        return new RetrainingSpec(null, null, null, null, null);
    }

    /** The protocol grid, epochs outer, learning rate inner, in the order given. */
    public List<RetrainingProtocol> protocols() {
        List<RetrainingProtocol> grid = new ArrayList<>();
        for (int e : epochs) {
            for (double lr : baseLr) {
                grid.add(new RetrainingProtocol(e, lr));
            }
        }
        return List.copyOf(grid);
    }

    private static <T> List<T> distinct(String field, List<T> values) {
        if (new HashSet<>(values).size() != values.size()) {
            throw new ConfigException(field + " = " + values + ": a value is repeated");
        }
        return List.copyOf(values);
    }
}
