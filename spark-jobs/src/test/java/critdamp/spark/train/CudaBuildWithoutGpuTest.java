package critdamp.spark.train;

import critdamp.run.RunFiles;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import critdamp.config.TrainConfig;
import critdamp.gpu.BackendChoice;
import critdamp.gpu.CudaNatives;
import critdamp.run.EpochRecord;
import critdamp.run.RoundRecord;
import critdamp.spark.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.common.config.ND4JClassLoading;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.factory.Nd4jBackend;

/**
 * The {@code -Pcuda} build on a machine without a GPU (a Kubernetes driver pod, a YARN edge node, a laptop): the
 * driver settles on ND4J's CPU backend, says why in one line, and trains. Runs only where the CUDA backend is on the
 * classpath (skipped in the default build). The opt-in command (downloads nd4j-cuda-11.6's cuDNN jar once, 600 MB):
 * {@code mvn -B -Pcuda -pl spark-jobs -am test -Dtest=CudaBuildWithoutGpuTest -Dsurefire.failIfNoSpecifiedTests=false}
 * (measured 2026-11-29 on 2 cores with ~/.m2 filled: 29 s in all, the test 25 s; {@code verify} adds the shaded jar,
 * 0.78 GB with both backends, about 2 minutes more).
 */
@EnabledIf("cudaBackendOnClasspath")
@ExtendWith(SharedSpark.class)
class CudaBuildWithoutGpuTest {
    private static final String CPU_BACKEND = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";
    private static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";
    @TempDir
    static Path tmp;

    static boolean cudaBackendOnClasspath() {
        return CudaNatives.backendOnClasspath();
    }

    @Test
    void driverWithoutGpuTrainsOnTheCpuBackend() throws Exception {
        Path data = TrainingFixture.writeData(tmp.resolve("cifar"), 160, 200);
        TrainConfig cfg = TrainingFixture.config(data, tmp.resolve("runs"), "cuda-build-on-cpu");
        TrainingRun.Outcome outcome = TrainingRun.run(cfg, false, "test");

        // the choice: the CPU, with the reason, and both native builds listed for JavaCPP
        BackendChoice choice = BackendChoice.prepare();
        assertThat(choice.backend()).as(choice.describe()).isEqualTo(BackendChoice.Backend.CPU);
        // in words: here "no NVIDIA driver (libcuda.so.1 not found)"; with a driver but no GPU a CUDA error name
        assertThat(choice.describe()).startsWith("ND4J backend: CPU (nd4j-native; CUDA backend not usable here: ")
                .containsAnyOf("no NVIDIA driver", "no CUDA 11.x runtime", "CUDA runtime: ");
        assertThat(System.getProperty(CudaNatives.PLATFORM_EXTENSION_PROPERTY)).endsWith(":-cudnn");
        // ND4J took its CPU backend without trying CUDA: the CUDA backend is on the classpath but hidden from its
        // backend lookup, and no CUDA native library was loaded
        assertThat(Nd4j.getBackend().getClass().getName()).isEqualTo(CPU_BACKEND);
        assertThat(backends(CudaBuildWithoutGpuTest.class.getClassLoader())).contains(CPU_BACKEND, CUDA_BACKEND);
        assertThat(backends(ND4JClassLoading.getNd4jClassloader())).contains(CPU_BACKEND).doesNotContain(CUDA_BACKEND);
        assertThat(Loader.getLoadedLibraries().keySet()).noneMatch(l -> l.contains("nd4jcuda"));

        // it learned
        Path run = TrainingFixture.folder(outcome);
        List<RoundRecord> rounds = TrainingFixture.rounds(run);
        List<EpochRecord> epochs = TrainingFixture.epochs(run);
        assertThat(epochs.get(epochs.size() - 1).trainLoss()).as("training loss fell")
                .isLessThan(0.7 * rounds.get(0).loss());
        assertThat(outcome.result().finalTestAccuracy()).as("test accuracy well above chance").isGreaterThan(0.4);

        // and every executor (local mode: this JVM) trained on the CPU backend's oneDNN helpers
        List<ExecutorHelpers> executors = List.of(new ObjectMapper().readValue(
                run.resolve(RunFiles.EXECUTORS_JSON).toFile(), ExecutorHelpers[].class));
        assertThat(executors).isNotEmpty().allSatisfy(e -> {
            assertThat(e.backend()).isEqualTo("CPU");
            assertThat(e.cudaDevice()).isNull();
            assertThat(e.nativeLibrary()).contains("onednn");
            assertThat(e.allFast()).as(e.describe()).isTrue();
        });
    }

    private static List<String> backends(ClassLoader cl) {
        return ServiceLoader.load(Nd4jBackend.class, cl).stream().map(p -> p.type().getName()).toList();
    }
}
