package critdamp.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import critdamp.base.Json;
import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import critdamp.memory.MemoryPlan;
import critdamp.spark.testing.ConsoleCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code critdamp memory-plan}: the plan of a config, of a run folder's config and of a sweep's points, as the one line
 * the launcher reads ({@code --sizes}) and as the breakdown people read.
 */
class MemoryPlanCommandTest {
    @TempDir
    Path tmp;

    @Test
    void sizesAreTheConfigsPlanInJvmUnits() {
        assertThat(sizes("-c", "../conf/cifar10-small-cnn.yaml")).isEqualTo("1024m 768m 2560m 2");
        assertThat(sizes("-c", "../conf/cifar10-small-cnn.yaml", "--set", "model.kind=resnet18"))
                .isEqualTo(plan(config("model.kind=resnet18")));
    }

    @Test
    void theLastSizeIsTheWorkersSharingTheDriversCores() {
        String quickStart = "../conf/cifar10-small-cnn.yaml";
        assertThat(sizes("-c", quickStart, "--set", "spark.master=local[1]")).endsWith(" 1");
        assertThat(sizes("-c", quickStart, "--set", "spark.master=local[4]", "--set", "spark.workers=3")).endsWith(" 3");
        assertThat(sizes("-c", quickStart, "--set", "spark.master=spark://host:7077")).endsWith(" 0");
    }

    @Test
    void aRunFolderIsPlannedFromItsConfigAndASweepByItsLargestPoint() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("config.json"), Json.write(config("data.maxTrainRecords=4000")));
        assertThat(sizes("--run", run.toString())).isEqualTo(plan(config("data.maxTrainRecords=4000")));

        Path sweep = Files.writeString(tmp.resolve("sweep.yaml"), String.join("\n",
                "base: " + Path.of("../conf/cifar10-small-cnn.yaml").toAbsolutePath(),
                "grid:", "  model.kind: [small_cnn, resnet20]", ""));
        assertThat(sizes("--sweep", sweep.toString())).isEqualTo(plan(config("model.kind=resnet20")));
    }

    @Test
    void theBreakdownNamesEachPartAndTheFlags() {
        try (ConsoleCapture console = new ConsoleCapture()) {
            assertThat(CritdampMain.execute("memory-plan", "-c", "../conf/cifar10-small-cnn.yaml")).isZero();
            assertThat(String.join("\n", console.out())).contains("training records cached by Spark")
                    .contains("workers' training workspaces")
                    .contains("JVM flags: -Xmx1024m -Dorg.bytedeco.javacpp.maxbytes=768m "
                            + "-Dorg.bytedeco.javacpp.maxphysicalbytes=2560m");
        }
    }

    @Test
    void theEnvFormatAddsTheOverheadAndTheWorkers() {
        MemoryPlan p = MemoryPlan.of(config("model.kind=resnet18", "spark.workers=4"));
        try (ConsoleCapture console = new ConsoleCapture()) {
            assertThat(CritdampMain.execute("memory-plan", "-c", "../conf/cifar10-small-cnn.yaml", "--format", "env",
                    "--set", "model.kind=resnet18", "--set", "spark.workers=4")).isZero();
            assertThat(console.out()).containsExactly(
                    "CRITDAMP_PLAN_HEAP=" + MemoryPlan.jvmSize(p.heapBytes()),
                    "CRITDAMP_PLAN_OFFHEAP=" + MemoryPlan.jvmSize(p.offHeapBytes()),
                    "CRITDAMP_PLAN_RESIDENT=" + MemoryPlan.jvmSize(p.residentBytes()),
                    "CRITDAMP_PLAN_OVERHEAD=" + MemoryPlan.jvmSize(p.residentBytes() - p.heapBytes()),
                    "CRITDAMP_PLAN_WORKERS=4",
                    "CRITDAMP_PLAN_DRIVER_WORKERS=2");
        }
        try (ConsoleCapture console = new ConsoleCapture()) {
            assertThat(CritdampMain.execute("memory-plan", "--format", "yaml")).isEqualTo(2);
            assertThat(console.err()).anyMatch(l -> l.contains("not one of text, sizes, env"));
        }
    }

    @Test
    void oneSourceAtATime() {
        try (ConsoleCapture console = new ConsoleCapture()) {
            assertThat(CritdampMain.execute("memory-plan", "-c", "x.yaml", "--run", "runs/x")).isEqualTo(2);
            assertThat(console.err()).anyMatch(l -> l.contains("one of -c, --run and --sweep"));
        }
    }

    private static String sizes(String... args) {
        try (ConsoleCapture console = new ConsoleCapture()) {
            String[] all = new String[args.length + 2];
            all[0] = "memory-plan";
            all[1] = "--sizes";
            System.arraycopy(args, 0, all, 2, args.length);
            assertThat(CritdampMain.execute(all)).isZero();
            return console.out().get(0);
        }
    }

    private static String plan(TrainConfig cfg) {
        MemoryPlan p = MemoryPlan.of(cfg);
        return MemoryPlan.jvmSize(p.heapBytes()) + " " + MemoryPlan.jvmSize(p.offHeapBytes()) + " "
                + MemoryPlan.jvmSize(p.residentBytes()) + " " + cfg.spark().workersInDriver();
    }

    private static TrainConfig config(String... overrides) {
        return ConfigLoader.load("../conf/cifar10-small-cnn.yaml", List.of(overrides), TrainConfig.class);
    }
}
