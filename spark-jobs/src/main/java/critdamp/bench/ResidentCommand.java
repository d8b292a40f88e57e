package critdamp.bench;

import critdamp.base.ConfigException;
import critdamp.engine.EngineKind;
import critdamp.fastpath.FastCpuPath;
import critdamp.model.ModelKind;
import critdamp.torch.TorchNatives;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code critdamp bench resident}: the resident memory ({@link ProcessMemory}) one engine adds to this JVM, stage by
 * stage: the JVM as started, its native library loaded (libtorch; libnd4j with oneDNN and OpenBLAS), the network and
 * the minibatches built, a few training steps. The figures behind the memory plan's engine terms
 * ({@code critdamp.memory.MemoryPlan}, docs/memory.md). One engine and model per JVM: a second model in the same JVM
 * would find the allocator's freed memory and look cheaper.
 */
@Command(name = "resident", mixinStandardHelpOptions = true,
        description = "Resident memory (VmRSS) of this JVM before and after loading an engine's native library, "
                + "building a network and training a few steps.")
public final class ResidentCommand implements Callable<Integer> {
    @Mixin
    BenchModelOptions subject;

    @Mixin
    EngineOption engine;

    @Option(names = "--steps", description = "training steps. Default: ${DEFAULT-VALUE}", defaultValue = "5")
    int steps;

    @Option(names = "--images", description = "distinct training images cycled through. Default: ${DEFAULT-VALUE}",
            defaultValue = "640")
    int images;

    @Mixin
    ResultOptions results;

    @Override
    public Integer call() throws Exception {
        if (steps < 1) {
            throw new ConfigException("--steps = " + steps + ": must be >= 1");
        }
        EngineKind kind = engine.kind();
        ModelKind model = subject.kind();
        ProcessMemory started = ProcessMemory.now();
        loadNatives(kind);
        ProcessMemory natives = ProcessMemory.now();
        try (BenchTrainer trainer = subject.trainer(kind, images)) {
            ProcessMemory built = ProcessMemory.now();
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                trainer.step(i);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            ProcessMemory trained = ProcessMemory.now();
            System.out.printf("resident %s %s batch %d: JVM %.0f MiB, + native library %.0f MiB, + network and "
                            + "%d images %.0f MiB, + %d steps %.0f MiB = %.0f MiB (peak %.0f MiB); %.2f s per step; %s%n",
                    kind.configName(), model.configName(), subject.batch, ProcessMemory.mib(started.residentBytes()),
                    mib(natives, started), images, mib(built, natives), steps, mib(trained, built),
                    ProcessMemory.mib(trained.residentBytes()), ProcessMemory.mib(trained.peakResidentBytes()),
                    seconds / steps, trainer.engineLibrary());

            Map<String, Object> head = new LinkedHashMap<>();
            head.put("model", model.configName());
            head.put("engine", kind.configName());
            head.put("batch", subject.batch);
            head.put("steps", steps);
            head.put("JVM MiB", ProcessMemory.mib(started.residentBytes()));
            head.put("+ natives MiB", mib(natives, started));
            head.put("+ network MiB", mib(built, natives));
            head.put("+ steps MiB", mib(trained, built));
            head.put("RSS MiB", ProcessMemory.mib(trained.residentBytes()));
            head.put("peak MiB", ProcessMemory.mib(trained.peakResidentBytes()));
            head.put("OMP", MachineInfo.current().ompNumThreads());
            head.put("label", results.label);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("images", images);
            details.put("secondsPerStep", seconds / steps);
            details.put("heapCommittedMiB", ProcessMemory.mib(Runtime.getRuntime().totalMemory()));
            details.put("maxHeapMiB", ProcessMemory.mib(Runtime.getRuntime().maxMemory()));
            details.put("engineLibrary", trainer.engineLibrary());
            details.put("nativeLibrary", trainer.nativeLibraryFile());
            details.put("dataSource", trainer.dataSource());
            results.writer("resident").append(head, details);
        }
        return 0;
    }

    /** Loads the engine's native library alone: libtorch, or ND4J's backend (with the fast CPU path's defaults). */
    private static void loadNatives(EngineKind kind) {
        switch (kind) {
            case TORCH -> TorchNatives.load();
            case DL4J -> {
                FastCpuPath.enableDefaults();
                Nd4j.create(1);
            }
        }
    }

    private static double mib(ProcessMemory after, ProcessMemory before) {
        return ProcessMemory.mib(after.residentBytes() - before.residentBytes());
    }
}
