package critdamp.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import critdamp.memory.MemoryPlan;
import critdamp.spark.testing.ConsoleCapture;
import org.junit.jupiter.api.Test;

/** {@code critdamp memory-plan --set engine=torch}: libtorch's native memory in the breakdown, the sizes and env. */
class MemoryPlanEngineTest {
    private static final String QUICK_START = "../conf/cifar10-small-cnn.yaml";

    @Test
    void theBreakdownNamesTheEngineAndLibtorchsNativeMemory() {
        try (ConsoleCapture console = new ConsoleCapture()) {
            assertThat(CritdampMain.execute("memory-plan", "-c", QUICK_START, "--set", "engine=torch")).isZero();
            String out = String.join("\n", console.out());
            assertThat(out).startsWith("engine    torch")
                    .contains("native ").contains("libtorch's libraries (measured)")
                    .contains("model replicas in libtorch")
                    .doesNotContain("workers' training workspaces")
                    .contains("JVM flags: -Xmx1024m -Dorg.bytedeco.javacpp.maxbytes=512m "
                            + "-Dorg.bytedeco.javacpp.maxphysicalbytes=2816m");
        }
        try (ConsoleCapture console = new ConsoleCapture()) {
            assertThat(CritdampMain.execute("memory-plan", "-c", QUICK_START)).isZero();
            assertThat(console.out().get(0)).isEqualTo("engine    dl4j");
            assertThat(console.out()).noneMatch(l -> l.startsWith("native"));
        }
    }

    @Test
    void sizesAndEnvCarryTheTorchPlan() {
        MemoryPlan p = MemoryPlan.of(ConfigLoader.load(QUICK_START, List.of("engine=torch"), TrainConfig.class));
        try (ConsoleCapture console = new ConsoleCapture()) {
            assertThat(CritdampMain.execute("memory-plan", "-c", QUICK_START, "--set", "engine=torch", "--sizes"))
                    .isZero();
            assertThat(console.out()).containsExactly("1024m 512m 2816m 2");
        }
        try (ConsoleCapture console = new ConsoleCapture()) {
            assertThat(CritdampMain.execute("memory-plan", "-c", QUICK_START, "--set", "engine=torch", "--format",
                    "env")).isZero();
            assertThat(console.out()).containsExactly(
                    "CRITDAMP_PLAN_HEAP=1024m",
                    "CRITDAMP_PLAN_OFFHEAP=512m",
                    "CRITDAMP_PLAN_RESIDENT=2816m",
                    "CRITDAMP_PLAN_OVERHEAD=" + MemoryPlan.jvmSize(p.residentBytes() - p.heapBytes()),
                    "CRITDAMP_PLAN_WORKERS=2",
                    "CRITDAMP_PLAN_DRIVER_WORKERS=2");
        }
    }

    @Test
    void aMisspelledEngineIsOneLineWithTheNearestName() {
        try (ConsoleCapture console = new ConsoleCapture()) {
            assertThat(CritdampMain.execute("memory-plan", "-c", QUICK_START, "--set", "engine=tourch")).isEqualTo(2);
            assertThat(console.err()).hasSize(1);
            assertThat(console.err().get(0)).contains("engine").contains("did you mean 'torch'");
            assertThat(console.out()).isEmpty();
        }
    }
}
