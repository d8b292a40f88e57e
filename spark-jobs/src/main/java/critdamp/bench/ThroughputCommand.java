package critdamp.bench;

import critdamp.fastpath.FastCpuPath;
import critdamp.fastpath.HelperReport;
import critdamp.model.FlopCount;
import critdamp.model.InputShape;
import critdamp.model.ModelKind;
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
 * {@code critdamp bench throughput}: single-JVM training images/s of one network on CIFAR-10 minibatches with
 * heavy-ball SGD, the training GFLOP/s that implies ({@link FlopCount}) and its fraction of the measured matmul peak.
 * Whether DL4J's oneDNN helpers are on is fixed when the JVM starts ({@code -Dorg.eclipse.deeplearning4j.helpers.disable}),
 * so "fast path on" and "off" are separate JVM invocations (bench/run-throughput.sh).
 */
@Command(name = "throughput", mixinStandardHelpOptions = true,
        description = "Training images/s of one network in this JVM, and GFLOP/s against the matmul peak.")
public final class ThroughputCommand implements Callable<Integer> {
    @Mixin
    BenchModelOptions subject;

    @Option(names = "--seconds", description = "timed training seconds (after warm-up). Default: ${DEFAULT-VALUE}",
            defaultValue = "20")
    double seconds;

    @Option(names = "--warmup", description = "untimed warm-up minibatches. Default: ${DEFAULT-VALUE}",
            defaultValue = "5")
    int warmup;

    @Option(names = "--images", description = "distinct training images cycled through. Default: ${DEFAULT-VALUE}",
            defaultValue = "5120")
    int images;

    @Option(names = "--peak-gflops", description = "measured peak to compare with; default: measure 2048^2 mmul here")
    Double peakGflops;

    @Mixin
    ResultOptions results;

    @Override
    public Integer call() throws Exception {
        FastCpuPath.enableDefaults();
        String loadBefore = MachineInfo.loadAverage();
        ModelKind kind = subject.kind();
        int batch = subject.batch;
        BenchData d = subject.load(images);
        ComputationGraph net = subject.network();
        HelperReport helpers = FastCpuPath.report(net);
        FlopCount flops = FlopCount.of(net, InputShape.CIFAR10);
        double peak = peakGflops != null ? peakGflops : PeakFlops.measure(2048, 3).median();

        List<DataSet> batches = d.batches().stream().filter(b -> b.numExamples() == batch).toList();
        for (int i = 0; i < warmup; i++) {
            net.fit(batches.get(i % batches.size()));
        }
        long images = 0;
        int i = 0;
        long t0 = System.nanoTime();
        double elapsed;
        do {
            net.fit(batches.get(i++ % batches.size()));
            images += batch;
            elapsed = (System.nanoTime() - t0) / 1e9;
        } while (elapsed < seconds);
        double imgPerSec = images / elapsed;
        double gflops = imgPerSec * flops.trainingFlops() / 1e9;
        String path = helpers.allFast() ? "fast (oneDNN helpers)" : "default (" + helpers.slowLayers().size()
                + " of " + helpers.layers().size() + " layers without helper)";
        System.out.printf("throughput %s batch %d: %.1f img/s, %.2f training GFLOP/s (%.4f GFLOP/img), "
                        + "%.1f%% of %.1f GFLOP/s peak; path %s; %d iterations in %.1f s; data %s; score %.3f%n",
                kind.configName(), batch, imgPerSec, gflops, flops.trainingFlops() / 1e9, 100 * gflops / peak, peak,
                path, i, elapsed, d.source(), net.score());

        Map<String, Object> head = new LinkedHashMap<>();
        head.put("model", kind.configName());
        head.put("batch", batch);
        head.put("path", helpers.allFast() ? "fast" : "default");
        head.put("img/s", imgPerSec);
        head.put("train GFLOP/img", flops.trainingFlops() / 1e9);
        head.put("GFLOP/s", gflops);
        head.put("% of peak", 100 * gflops / peak);
        head.put("peak GFLOP/s", peak);
        head.put("OMP", MachineInfo.current().ompNumThreads());
        head.put("data", d.source().startsWith("cifar10") ? "cifar10" : "synthetic");
        head.put("label", results.label);
        head.put("load before", loadBefore);
        head.put("load after", MachineInfo.loadAverage());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("seconds", elapsed);
        details.put("iterations", i);
        details.put("forwardConvFlops", flops.convFlops());
        details.put("forwardDenseFlops", flops.denseFlops());
        details.put("forwardElementwise", flops.elementwise());
        details.put("nativeLibrary", ShownPath.of(helpers.nativeLibrary())); // ~/.javacpp/cache/...
        details.put("slowLayers", helpers.slowLayers().stream().map(HelperReport.Entry::layer).toList());
        details.put("dataSource", d.source());
        results.writer("throughput").append(head, details);
        return 0;
    }
}
