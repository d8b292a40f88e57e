package critdamp.bench;

import critdamp.engine.EngineKind;
import critdamp.model.FlopCount;
import critdamp.model.ModelKind;
import critdamp.torch.TorchThreads;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code critdamp bench throughput}: single-JVM training images/s of one network on CIFAR-10 minibatches with
 * heavy-ball SGD, in either engine ({@code --engine dl4j|torch}), the training GFLOP/s that implies
 * ({@link FlopCount}) and its fraction of the measured matmul peak. The same minibatches, warm-up and timing for both
 * engines ({@link BenchTrainer}); the engine and its native library are recorded with the result. Whether DL4J's
 * oneDNN helpers are on is fixed when the JVM starts ({@code -Dorg.eclipse.deeplearning4j.helpers.disable}), so "fast
 * path on" and "off" are separate JVM invocations (bench/run-throughput.sh). The peak is ND4J's matrix product: a
 * torch-engine run measures it only when asked ({@code --peak-gflops} otherwise, e.g. from {@code bench peak}), so that
 * it loads libtorch alone.
 */
@Command(name = "throughput", mixinStandardHelpOptions = true,
        description = "Training images/s of one network in this JVM (DL4J or libtorch), and GFLOP/s against the "
                + "matmul peak.")
public final class ThroughputCommand implements Callable<Integer> {
    @Mixin
    BenchModelOptions subject;

    @Mixin
    EngineOption engine;

    @Option(names = "--seconds", description = "timed training seconds (after warm-up). Default: ${DEFAULT-VALUE}",
            defaultValue = "20")
    double seconds;

    @Option(names = "--warmup", description = "untimed warm-up minibatches. Default: ${DEFAULT-VALUE}",
            defaultValue = "5")
    int warmup;

    @Option(names = "--images", description = "distinct training images cycled through. Default: ${DEFAULT-VALUE}",
            defaultValue = "5120")
    int images;

    @Option(names = "--peak-gflops", description = "measured peak to compare with; default: measure 2048^2 mmul here "
            + "(DL4J engine; the torch engine leaves the fraction out unless given)")
    Double peakGflops;

    @Mixin
    ResultOptions results;

    @Override
    public Integer call() throws Exception {
        EngineKind kind = engine.kind();
        String loadBefore = MachineInfo.loadAverage();
        ModelKind model = subject.kind();
        int batch = subject.batch;
        try (BenchTrainer trainer = subject.trainer(kind, images)) { // first: DL4J's flags precede any ND4J class
            FlopCount flops = subject.flops();
            Double peak = peakGflops != null ? peakGflops
                    : kind == EngineKind.DL4J ? Double.valueOf(PeakFlops.measure(2048, 3).median()) : null;
            for (int i = 0; i < warmup; i++) {
                trainer.step(i);
            }
            long trained = 0;
            int i = 0;
            long t0 = System.nanoTime();
            double elapsed;
            do {
                trainer.step(i++);
                trained += batch;
                elapsed = (System.nanoTime() - t0) / 1e9;
            } while (elapsed < seconds);
            double imgPerSec = trained / elapsed;
            double gflops = imgPerSec * flops.trainingFlops() / 1e9;
            Double ofPeak = peak == null ? null : 100 * gflops / peak;
            String threads = threads(kind);
            System.out.printf("throughput %s %s batch %d: %.1f img/s, %.2f training GFLOP/s (%.4f GFLOP/img), %s; "
                            + "path %s; %s threads; %d iterations in %.1f s; data %s; score %.3f; %s%n",
                    kind.configName(), model.configName(), batch, imgPerSec, gflops, flops.trainingFlops() / 1e9,
                    peak == null ? "no peak given" : String.format("%.1f%% of %.1f GFLOP/s peak", ofPeak, peak),
                    trainer.pathDescription(), threads, i, elapsed, trainer.dataSource(), trainer.score(),
                    trainer.engineLibrary());

            Map<String, Object> head = new LinkedHashMap<>();
            head.put("model", model.configName());
            head.put("engine", kind.configName());
            head.put("batch", batch);
            head.put("path", trainer.path());
            head.put("img/s", imgPerSec);
            head.put("train GFLOP/img", flops.trainingFlops() / 1e9);
            head.put("GFLOP/s", gflops);
            head.put("% of peak", ofPeak);
            head.put("peak GFLOP/s", peak);
            head.put("OMP", MachineInfo.current().ompNumThreads());
            head.put("data", trainer.dataSource().startsWith("cifar10") ? "cifar10" : "synthetic");
            head.put("label", results.label);
            head.put("load before", loadBefore);
            head.put("load after", MachineInfo.loadAverage());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("seconds", elapsed);
            details.put("iterations", i);
            details.put("warmup", warmup);
            details.put("threads", threads);
            details.put("forwardConvFlops", flops.convFlops());
            details.put("forwardDenseFlops", flops.denseFlops());
            details.put("forwardElementwise", flops.elementwise());
            details.put("engineLibrary", trainer.engineLibrary());
            details.put("nativeLibrary", trainer.nativeLibraryFile());
            details.put("slowLayers", trainer.slowLayers());
            details.put("dataSource", trainer.dataSource());
            results.writer("throughput").append(head, details);
        }
        return 0;
    }

    /** The threads a step runs on: OpenMP's for ND4J (OMP_NUM_THREADS), libtorch's intra-op threads as set. */
    private static String threads(EngineKind kind) {
        return kind == EngineKind.TORCH ? String.valueOf(TorchThreads.ofCurrentThread())
                : MachineInfo.current().ompNumThreads();
    }
}
