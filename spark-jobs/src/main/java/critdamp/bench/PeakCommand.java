package critdamp.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code critdamp bench peak}: measured matrix-product GFLOP/s, the ceiling training throughput is compared to. */
@Command(name = "peak", mixinStandardHelpOptions = true,
        description = "Measured float matrix-product GFLOP/s (ND4J/OpenBLAS) at the given sizes.")
public final class PeakCommand implements Callable<Integer> {
    @Option(names = "--sizes", split = ",", description = "matrix sizes n (n x n). Default: ${DEFAULT-VALUE}",
            defaultValue = "2048,4096")
    List<Integer> sizes;

    @Option(names = "--reps", description = "timed products per size. Default: ${DEFAULT-VALUE}", defaultValue = "5")
    int reps;

    @Mixin
    ResultOptions results;

    @Override
    public Integer call() {
        String loadBefore = MachineInfo.loadAverage();
        for (int n : sizes) {
            PeakFlops.Result r = PeakFlops.measure(n, reps);
            System.out.printf("peak: mmul %d^2 float: median %.1f GFLOP/s, best %.1f (%d reps)%n", n, r.median(),
                    r.best(), reps);
            Map<String, Object> head = new LinkedHashMap<>();
            head.put("n", n);
            head.put("median GFLOP/s", r.median());
            head.put("best GFLOP/s", r.best());
            head.put("OMP", MachineInfo.current().ompNumThreads());
            head.put("OPENBLAS_CORETYPE", MachineInfo.current().openblasCoretype());
            head.put("label", results.label);
            head.put("load before", loadBefore);
            head.put("load after", MachineInfo.loadAverage());
            results.writer("peak").append(head, Map.of("reps", reps, "gflops", r.gflops()));
        }
        return 0;
    }
}
