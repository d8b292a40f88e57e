package critdamp.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;

import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import critdamp.engine.EngineKind;
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

    @Test
    void theTorchEnginesModelAndActivationsAreNativeMemoryInTheResidentBound() {
        MemoryPlan.Workload w = new MemoryPlan.Workload(new ModelFootprint(1000, 500), 1, 100, 10, 1000, 100, 200,
                50, 2, 8, 3, EngineKind.TORCH);
        MemoryPlan plan = MemoryPlan.of(w);
        long example = (100 + 10) * 4;
        assertThat(plan.parts()).extracting(MemoryPlan.Part::region, MemoryPlan.Part::bytes).containsExactly(
                tuple(MemoryPlan.Region.HEAP, 512 * MIB),
                tuple(MemoryPlan.Region.HEAP, (long) Math.ceil(1000 * (100 + 48) / 0.6)),
                tuple(MemoryPlan.Region.HEAP, 200 * example),
                tuple(MemoryPlan.Region.HEAP, 2 * 1000 * 4 * 2L),
                tuple(MemoryPlan.Region.HEAP, 3 * 2 * 1000 * 8L),
                tuple(MemoryPlan.Region.OFF_HEAP, (2 * 200 + 50) * example), // ND4J's data: as for DL4J
                // 2 workers + 2 on the driver: values, gradients, velocity, decay mask
                tuple(MemoryPlan.Region.NATIVE, 4 * 1000 * 4 * 4L),
                // per worker: batch x activations x 2 (autograd's saved tensors, their gradients) + 64 MiB
                tuple(MemoryPlan.Region.NATIVE, 2 * (8 * 500 * 4 * 2L + 64 * MIB)),
                tuple(MemoryPlan.Region.OFF_HEAP, 16 * 2 * 3 * 8 * example),
                tuple(MemoryPlan.Region.NATIVE, 160 * MIB));          // libtorch loaded
        assertThat(plan.nativeBytes()).isEqualTo(4 * 1000 * 4 * 4L + 2 * (8 * 500 * 4 * 2L + 64 * MIB) + 160 * MIB);
        assertThat(plan.heapBytes()).isEqualTo(768 * MIB);
        assertThat(plan.offHeapBytes()).isEqualTo(256 * MIB);
        assertThat(plan.residentBytes()).as("heap + off-heap + native base + native, rounded up to 256 MiB")
                .isEqualTo(768 * MIB + 256 * MIB + 768 * MIB + 512 * MIB);
        assertThat(plan.overheadBytes()).isEqualTo(plan.residentBytes() - plan.heapBytes());
        assertThat(MemoryPlan.of(new MemoryPlan.Workload(new ModelFootprint(1000, 500), 1, 100, 10, 1000, 100, 200,
                50, 2, 8, 3)).nativeBytes()).as("DL4J: none").isZero();
    }

    /**
     * What {@code critdamp bench resident} measured with the torch engine (docs/memory.md, 2026-12-07, 2-core Intel
     * Xeon, batch 64, one worker): loading libtorch 141-153 MiB; a few training steps 189-200 (small CNN), 271
     * (ResNet-20) and 831 MiB (ResNet-18) over the built model. The plan's terms cover each.
     */
    @Test
    void theTorchTermsCoverWhatWasMeasured() {
        Map<ModelKind, Long> stepsMiB = Map.of(ModelKind.SMALL_CNN, 200L, ModelKind.RESNET20, 271L,
                ModelKind.RESNET18, 831L);
        for (Map.Entry<ModelKind, Long> e : stepsMiB.entrySet()) {
            MemoryPlan plan = MemoryPlan.of(config("engine=torch", "model.kind=" + e.getKey().configName(),
                    "training.batchSize=64", "spark.workers=1"));
            MemoryPlan.Part activations = plan.parts().stream().filter(p -> p.what().startsWith("workers' activations"))
                    .findFirst().orElseThrow();
            assertThat(activations.bytes()).as("%s: the activations term", e.getKey())
                    .isGreaterThanOrEqualTo(e.getValue() * MIB);
            assertThat(plan.parts()).anySatisfy(p -> {
                assertThat(p.what()).startsWith("libtorch's libraries");
                assertThat(p.bytes()).isGreaterThanOrEqualTo(153 * MIB);
            });
        }
    }

    @Test
    void theQuickStartOnTheTorchEngineMovesTheModelOutOfNd4jsOffHeap() {
        MemoryPlan dl4j = MemoryPlan.of(config());
        MemoryPlan torch = MemoryPlan.of(config("engine=torch"));
        assertThat(torch.heapBytes()).isEqualTo(dl4j.heapBytes());
        assertThat(torch.offHeapBytes()).isLessThan(dl4j.offHeapBytes());
        assertThat(torch.parts()).noneMatch(p -> p.what().equals("workers' training workspaces"));
        assertThat(torch.residentBytes()).isEqualTo(roundUp(torch.heapBytes() + torch.offHeapBytes()
                + MemoryPlan.NATIVE_BASE + torch.nativeBytes()));
    }

    private static long roundUp(long bytes) {
        return (bytes + 256 * MIB - 1) / (256 * MIB) * (256 * MIB);
    }

    /** The quick start's config (conf/cifar10-small-cnn.yaml's values are the defaults) with overrides. */
    private static TrainConfig config(String... overrides) {
        return ConfigLoader.parse("learningRate: {kind: cosine, baseLr: 0.05}\nmomentum: {kind: physics}\n",
                List.of(overrides), TrainConfig.class);
    }
}
