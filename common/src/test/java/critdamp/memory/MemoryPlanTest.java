package critdamp.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import critdamp.model.InputShape;
import critdamp.model.ModelKind;
import org.junit.jupiter.api.Test;

/** The memory plan's closed forms, the model sizes they start from, and the plans of real configs. */
class MemoryPlanTest {
    private static final long MIB = 1L << 20;

    @Test
    void eachPartIsItsClosedFormAndTheTotalsRoundUpTo256MiB() {
        MemoryPlan.Workload w = new MemoryPlan.Workload(new ModelFootprint(1000, 500), 1, 100, 10, 1000, 100, 200,
                50, 2, 8, 3);
        MemoryPlan plan = MemoryPlan.of(w);
        long example = (100 + 10) * 4; // features and one-hot label, float32
        assertThat(plan.parts()).extracting(MemoryPlan.Part::bytes).containsExactly(
                512 * MIB,                                 // base
                (long) Math.ceil(1000 * (100 + 48) / 0.6), // cached records over Spark's memory fraction
                200 * example,                             // the test set collected on the driver
                2 * 1000 * 4 * 2L,                         // a broadcast of parameters + momentum
                3 * 2 * 1000 * 8L,                         // attribution sums: workers + driver, two per parameter
                (2 * 200 + 50) * example,                  // cached test and validation, the driver's test copy
                4 * 1000 * 4 * 3L,                         // 2 workers + 2 on the driver: params, gradients, momentum
                2 * 8 * 500 * 4 * 2L,                      // workspaces: workers x batch x activations x 2
                16 * 2 * 3 * 8 * example);                 // 16 rounds of 2 workers x 3 steps x 8 examples
        assertThat(plan.heapBytes()).isEqualTo(768 * MIB);
        assertThat(plan.offHeapBytes()).isEqualTo(256 * MIB);
        assertThat(plan.residentBytes()).isEqualTo(768 * MIB + 256 * MIB + 768 * MIB);
        assertThat(plan.overheadBytes()).as("off-heap and native base: heap + overhead is the resident bound")
                .isEqualTo(256 * MIB + 768 * MIB);
    }

    @Test
    void theSmallCnnsFootprintIsItsLayersClosedForm() {
        ModelFootprint f = ModelFootprint.of(ModelKind.SMALL_CNN, InputShape.CIFAR10, 10);
        // conv 139,104 + batch norm 4 x (32+32+64+64+128) (gamma, beta, mean, variance) + fc 1,290
        assertThat(f.params()).isEqualTo(139_104 + 1_280 + 1_290);
        long block1 = 2 * 3 * 32 * 32 * 32L; // two conv-bn-relu at 32 channels, 32x32
        long block2 = 2 * 3 * 64 * 16 * 16L;
        long block3 = 3 * 128 * 8 * 8L;
        long pools = 32 * 16 * 16 + 64 * 8 * 8;
        assertThat(f.activationsPerExample()).isEqualTo(block1 + block2 + block3 + pools + 128 + 10);
    }

    @Test
    void theQuickStartFitsIn2Point5GiBAndGrowsWithTheModelAndTheWorkers() {
        MemoryPlan quick = MemoryPlan.of(config());
        assertThat(MemoryPlan.jvmSize(quick.heapBytes())).isEqualTo("1024m");
        assertThat(MemoryPlan.jvmSize(quick.offHeapBytes())).isEqualTo("768m");
        assertThat(MemoryPlan.jvmSize(quick.residentBytes())).isEqualTo("2560m");
        MemoryPlan resnet18 = MemoryPlan.of(config("model.kind=resnet18"));
        MemoryPlan fourWorkers = MemoryPlan.of(config("spark.workers=4"));
        assertThat(resnet18.offHeapBytes()).isGreaterThan(quick.offHeapBytes());
        assertThat(fourWorkers.offHeapBytes()).isGreaterThan(quick.offHeapBytes());
        MemoryPlan fewer = MemoryPlan.of(config("data.maxTrainRecords=4000", "data.maxTestRecords=1000"));
        assertThat(fewer.residentBytes()).isLessThan(quick.residentBytes());
        MemoryPlan both = MemoryPlan.covering(List.of(fewer, resnet18, quick));
        assertThat(both.residentBytes()).isEqualTo(resnet18.residentBytes());
        assertThat(both.heapBytes()).isEqualTo(Math.max(resnet18.heapBytes(), quick.heapBytes()));
    }

    @Test
    void fashionMnistsSmallerImagesNeedLess() {
        MemoryPlan cifar = MemoryPlan.of(config());
        MemoryPlan fashion = MemoryPlan.of(config("data.dataset=fashion_mnist"));
        assertThat(fashion.heapBytes()).isLessThanOrEqualTo(cifar.heapBytes());
        assertThat(fashion.offHeapBytes()).isLessThan(cifar.offHeapBytes());
    }

    /** The quick start's config (conf/cifar10-small-cnn.yaml's values are the defaults) with overrides. */
    private static TrainConfig config(String... overrides) {
        return ConfigLoader.parse("learningRate: {kind: cosine, baseLr: 0.05}\nmomentum: {kind: physics}\n",
                List.of(overrides), TrainConfig.class);
    }
}
