package critdamp.bench;

import critdamp.model.LayerGroups;
import critdamp.retrain.GroupChoice;
import critdamp.retrain.LayerFreezing;
import critdamp.retrain.TrainableLayers;
import critdamp.optim.HeavyBallSgd;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;

/**
 * What one retraining step costs, per arm: a retraining graph ({@link LayerFreezing#retrainable}) for each group set,
 * all timed in one JVM on the same minibatches, arm after arm within each round, so drifts in machine load hit every
 * arm alike. A targeted arm skips the backward pass below its lowest trained layer and the weight gradients of frozen
 * convolutions; the all-layers arm is its yardstick.
 *
 * @param choice     the arm's groups, layers and parameter share
 * @param msPerStep  milliseconds per step, one entry per round
 */
public record RetrainCost(GroupChoice choice, double[] msPerStep) {
    public RetrainCost {
        Objects.requireNonNull(choice, "choice");
        msPerStep = msPerStep.clone();
    }

    /** The median over rounds. */
    public double medianMs() {
        double[] sorted = msPerStep.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * The arms to compare on {@code net}: every group first, then each of {@code targeted} (group lists); when
     * {@code targeted} is empty, the top two groups and the classifier (the last group) alone.
     *
     * @throws IllegalArgumentException for an unknown group, listing the network's groups
     */
    public static List<GroupChoice> arms(ComputationGraph net, List<List<String>> targeted) {
        Map<String, Long> counts = TrainableLayers.paramCounts(net);
        List<String> groups = List.copyOf(LayerGroups.of(List.copyOf(counts.keySet())).keySet());
        List<List<String>> sets = targeted.isEmpty()
                ? List.of(groups.subList(groups.size() - 2, groups.size()), groups.subList(groups.size() - 1,
                groups.size()))
                : targeted;
        List<GroupChoice> out = new ArrayList<>();
        out.add(GroupChoice.all(counts));
        for (List<String> s : sets) {
            out.add(GroupChoice.of(s, counts));
        }
        return out;
    }

    /**
     * Times {@code steps} minibatch steps per arm and round, after {@code warmup} untimed steps per arm; the
     * minibatches are cycled. {@code trained} is not changed.
     */
    public static List<RetrainCost> measure(ComputationGraph trained, List<GroupChoice> arms, List<DataSet> batches,
                                            int warmup, int rounds, int steps) {
        if (batches.isEmpty() || rounds < 1 || steps < 1 || warmup < 0) {
            throw new IllegalArgumentException("need minibatches, rounds >= 1, steps >= 1 and warmup >= 0; got "
                    + batches.size() + " minibatches, " + rounds + " rounds, " + steps + " steps, warmup " + warmup);
        }
        List<ComputationGraph> nets = new ArrayList<>();
        for (GroupChoice arm : arms) {
            ComputationGraph net = LayerFreezing.retrainable(trained, arm.layerSet(), new HeavyBallSgd(0.01, 0.8));
            fit(net, batches, warmup);
            nets.add(net);
        }
        double[][] ms = new double[arms.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int a = 0; a < arms.size(); a++) {
                long t0 = System.nanoTime();
                fit(nets.get(a), batches, steps);
                ms[a][r] = (System.nanoTime() - t0) / 1e6 / steps;
            }
        }
        List<RetrainCost> out = new ArrayList<>();
        for (int a = 0; a < arms.size(); a++) {
            out.add(new RetrainCost(arms.get(a), ms[a]));
        }
        return out;
    }

    private static void fit(ComputationGraph net, List<DataSet> batches, int steps) {
        for (int i = 0; i < steps; i++) {
            net.fit(batches.get(i % batches.size()));
        }
    }
}
