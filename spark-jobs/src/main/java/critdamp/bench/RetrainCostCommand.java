package critdamp.bench;

import critdamp.fastpath.FastCpuPath;
import critdamp.retrain.GroupChoice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code critdamp bench retrain-cost}: milliseconds per retraining step of one network for all layer groups against
 * targeted group sets ({@link RetrainCost}), with each arm's share of the trainable parameters, so the saving of a
 * targeted arm can be set against the work it skips. Single JVM, no Spark.
 */
@Command(name = "retrain-cost", mixinStandardHelpOptions = true,
        description = "ms per retraining step: all layer groups vs targeted group sets, alternated in this JVM.")
public final class RetrainCostCommand implements Callable<Integer> {
    @Mixin
    BenchModelOptions subject;

    @Option(names = "--arm", description = "a targeted arm: comma-separated layer groups, e.g. block2_2,block3_1,fc "
            + "(repeatable). Default: the top two groups, and the classifier alone")
    List<String> arms = new ArrayList<>();

    @Option(names = "--steps", description = "timed steps per arm and round. Default: ${DEFAULT-VALUE}",
            defaultValue = "20")
    int steps;

    @Option(names = "--rounds", description = "rounds; each times every arm once. Default: ${DEFAULT-VALUE}",
            defaultValue = "3")
    int rounds;

    @Option(names = "--warmup", description = "untimed steps per arm first. Default: ${DEFAULT-VALUE}",
            defaultValue = "3")
    int warmup;

    @Option(names = "--images", description = "distinct training images cycled through. Default: ${DEFAULT-VALUE}",
            defaultValue = "640")
    int images;

    @Mixin
    ResultOptions results;

    @Override
    public Integer call() throws Exception {
        FastCpuPath.enableDefaults();
        String loadBefore = MachineInfo.loadAverage();
        BenchData d = subject.load(images);
        List<DataSet> batches = d.batches().stream().filter(b -> b.numExamples() == subject.batch).toList();
        ComputationGraph net = subject.network();
        List<List<String>> targeted = arms.stream().map(a -> Arrays.asList(a.split(","))).toList();
        List<RetrainCost> costs = RetrainCost.measure(net, RetrainCost.arms(net, targeted), batches, warmup, rounds,
                steps);
        double allMs = costs.get(0).medianMs();
        String path = FastCpuPath.report(net).allFast() ? "fast" : "default";
        for (RetrainCost c : costs) {
            GroupChoice g = c.choice();
            System.out.printf("retrain-cost %s batch %d, groups %s: %.1f ms/step (rounds %s), %.1f%% of the "
                            + "parameters, %.2fx the all-layers step; path %s, data %s%n", subject.kind().configName(),
                    subject.batch, g.groups(), c.medianMs(), Arrays.toString(round1(c.msPerStep())),
                    100 * g.paramShare(), c.medianMs() / allMs, path, d.source());
            Map<String, Object> head = new LinkedHashMap<>();
            head.put("model", subject.kind().configName());
            head.put("batch", subject.batch);
            head.put("groups", String.join("+", g.groups()));
            head.put("% params", 100 * g.paramShare());
            head.put("ms/step", c.medianMs());
            head.put("x all layers", c.medianMs() / allMs);
            head.put("path", path);
            head.put("label", results.label);
            head.put("load before", loadBefore);
            head.put("load after", MachineInfo.loadAverage());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("msPerStepByRound", c.msPerStep());
            details.put("steps", steps);
            details.put("rounds", rounds);
            details.put("warmup", warmup);
            details.put("layers", g.layers());
            details.put("dataSource", d.source());
            results.writer("retrain-cost").append(head, details);
        }
        return 0;
    }

    private static double[] round1(double[] ms) {
        return Arrays.stream(ms).map(v -> Math.round(v * 10) / 10.0).toArray();
    }
}
