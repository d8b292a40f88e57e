package critdamp.spark.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import critdamp.base.ConfigException;
import critdamp.config.ConfigLoader;
import critdamp.config.SweepConfig;
import critdamp.config.TrainConfig;
import critdamp.memory.MemoryPlan;
import critdamp.run.RunFiles;
import critdamp.sweep.SweepGrid;
import critdamp.sweep.SweepPoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code critdamp memory-plan}: the heap, off-heap and resident memory a config needs ({@link MemoryPlan}), for its
 * engine (with {@code engine: torch}, libtorch's native memory in the resident bound), with the JVM flags that give
 * them. Reads the config only: no Spark context, no ND4J arrays, so the launcher can ask it
 * before every command it starts, and the Kubernetes manifests are rendered from it ({@code --format env}).
 */
@Command(name = "memory-plan", mixinStandardHelpOptions = true,
        description = {"Print the memory a config needs (heap, ND4J's off-heap arrays, libtorch's native memory with "
                + "engine=torch, resident bound) and the JVM flags that give it, from the sizes of its model and data.",
                "deploy/critdamp uses it for every JVM it starts unless CRITDAMP_DRIVER_MEMORY, CRITDAMP_OFFHEAP and "
                        + "CRITDAMP_MAXPHYSICAL are set; deploy/k8s/render.sh for the Kubernetes manifests."},
        footer = {"", "Examples:", "  critdamp memory-plan -c conf/cifar10-small-cnn.yaml",
                "  critdamp memory-plan --set model.kind=resnet18 --set spark.workers=4",
                "  critdamp memory-plan --set engine=torch      # the model in libtorch: native memory in the bound",
                "  critdamp memory-plan --run runs/cifar10-small-cnn     # what attribute and retrain will get",
                "  critdamp memory-plan --sweep conf/sweep-lr.yaml --sizes   # heap off-heap resident workers, one line",
                "  critdamp memory-plan -c conf/cifar10-resnet18-gpu.yaml --format env   # KEY=VALUE lines"})
public final class MemoryPlanCommand implements Callable<Integer> {
    private static final List<String> FORMATS = List.of("text", "sizes", "env");

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "train config file. Default: conf/cifar10-small-cnn.yaml when no --run or --sweep")
    String config;

    @Option(names = "--run", paramLabel = "DIR", description = "a run folder: plan for its config.json")
    String run;

    @Option(names = "--sweep", paramLabel = "FILE", description = "a sweep file: a plan covering every point")
    String sweep;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a config value (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default): the breakdown and the JVM flags; "
            + "sizes: one line 'HEAP OFFHEAP RESIDENT WORKERS' for scripts, the sizes in JVM units (e.g. 1024m), then "
            + "the workers that share the driver JVM's cores (0 on a cluster); env: one NAME=VALUE line each for "
            + "CRITDAMP_PLAN_HEAP, _OFFHEAP, _RESIDENT, _OVERHEAD (resident less heap: Spark's memoryOverhead), "
            + "_WORKERS (spark.workers) and _DRIVER_WORKERS")
    String format = "text";

    @Option(names = "--sizes", description = "the same as --format sizes")
    boolean sizes;

    @Override
    public Integer call() {
        long sources = (config != null ? 1 : 0) + (run != null ? 1 : 0) + (sweep != null ? 1 : 0);
        if (sources > 1) {
            throw new ConfigException("memory-plan takes one of -c, --run and --sweep");
        }
        String as = sizes ? "sizes" : format;
        if (!FORMATS.contains(as)) {
            throw new ConfigException("--format " + format + ": not one of " + String.join(", ", FORMATS));
        }
        List<TrainConfig> configs = sweep != null ? sweepConfigs() : List.of(trainConfig());
        MemoryPlan plan = MemoryPlan.covering(configs.stream().map(MemoryPlan::of).toList());
        int workersInDriver = configs.stream().mapToInt(c -> c.spark().workersInDriver()).max().orElse(0);
        switch (as) {
            case "sizes" -> System.out.println(MemoryPlan.jvmSize(plan.heapBytes()) + " "
                    + MemoryPlan.jvmSize(plan.offHeapBytes()) + " " + MemoryPlan.jvmSize(plan.residentBytes()) + " "
                    + workersInDriver);
            case "env" -> printEnv(plan, configs.stream().mapToInt(c -> c.spark().workers()).max().orElseThrow(),
                    workersInDriver);
            default -> print(plan, configs.stream().map(c -> c.engine().configName()).distinct().toList());
        }
        return 0;
    }

    private TrainConfig trainConfig() {
        String location = run != null ? run + "/" + RunFiles.CONFIG_JSON
                : config != null ? config : "conf/cifar10-small-cnn.yaml";
        return ConfigLoader.load(location, overrides, TrainConfig.class);
    }

    private List<TrainConfig> sweepConfigs() {
        return SweepGrid.expand(SweepConfig.load(sweep, overrides)).stream().map(SweepPoint::config).toList();
    }

    private static void print(MemoryPlan plan, List<String> engines) {
        System.out.println("engine    " + String.join(", ", engines));
        section("heap", plan.heapBytes(), "-Xmx", plan, MemoryPlan.Region.HEAP);
        section("off-heap", plan.offHeapBytes(), "ND4J's arrays; JavaCPP maxbytes", plan, MemoryPlan.Region.OFF_HEAP);
        if (plan.nativeBytes() > 0) {
            section("native", plan.nativeBytes(), "libtorch: outside the heap and maxbytes, inside the resident bound",
                    plan, MemoryPlan.Region.NATIVE);
        }
        System.out.printf(Locale.ROOT, "%-9s %7s  (heap + off-heap%s + the JVM's and native libraries' own; JavaCPP "
                + "maxphysicalbytes: past it the JVM collects before allocating more%s)%n", "resident",
                MemoryPlan.jvmSize(plan.residentBytes()), plan.nativeBytes() > 0 ? " + native" : "",
                plan.nativeBytes() > 0 ? ", and refuses new libtorch tensors if that does not help" : "");
        System.out.println("JVM flags: -Xmx" + MemoryPlan.jvmSize(plan.heapBytes())
                + " -Dorg.bytedeco.javacpp.maxbytes=" + MemoryPlan.jvmSize(plan.offHeapBytes())
                + " -Dorg.bytedeco.javacpp.maxphysicalbytes=" + MemoryPlan.jvmSize(plan.residentBytes()));
    }

    /** The plan as shell-style assignments, the names deploy/lib/submit-common.sh gives them. */
    private static void printEnv(MemoryPlan plan, int workers, int workersInDriver) {
        System.out.println("CRITDAMP_PLAN_HEAP=" + MemoryPlan.jvmSize(plan.heapBytes()));
        System.out.println("CRITDAMP_PLAN_OFFHEAP=" + MemoryPlan.jvmSize(plan.offHeapBytes()));
        System.out.println("CRITDAMP_PLAN_RESIDENT=" + MemoryPlan.jvmSize(plan.residentBytes()));
        System.out.println("CRITDAMP_PLAN_OVERHEAD=" + MemoryPlan.jvmSize(plan.overheadBytes()));
        System.out.println("CRITDAMP_PLAN_WORKERS=" + workers);
        System.out.println("CRITDAMP_PLAN_DRIVER_WORKERS=" + workersInDriver);
    }

    private static void section(String name, long bytes, String flag, MemoryPlan plan, MemoryPlan.Region region) {
        System.out.printf(Locale.ROOT, "%-9s %7s  (%s)%n", name, MemoryPlan.jvmSize(bytes), flag);
        for (MemoryPlan.Part p : plan.parts()) {
            if (p.region() == region) {
                System.out.printf(Locale.ROOT, "  %8.1f MiB  %s%n", p.bytes() / (double) (1 << 20), p.what());
            }
        }
    }
}
