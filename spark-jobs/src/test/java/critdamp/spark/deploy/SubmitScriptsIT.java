package critdamp.spark.deploy;

import critdamp.run.RunFiles;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import critdamp.data.SyntheticCifar10;
import critdamp.spark.testing.StandaloneCluster;
import critdamp.spark.train.DistributedTrainer;
import critdamp.spark.train.ExecutorHelpers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster path as users run it: the shaded application jar, submitted by the project's own submit scripts through
 * a real {@code spark-submit} (Spark's launcher and {@code org.apache.spark.deploy.SparkSubmit}, from a Spark home
 * made of the distribution's jars by {@code deploy/make-spark-home.sh}), to a real standalone master with two
 * workers started from those same jars, with RPC authentication and encryption on. Asserts from each run's
 * {@code executors.json} that both executor JVMs trained on the oneDNN helpers: a launcher that replaces the
 * executors' JVM options once left every layer on DL4J's slow Java path without failing anything.
 */
class SubmitScriptsIT {
    private static final Path REPO = Path.of(System.getProperty("critdamp.repo", "..")).toAbsolutePath().normalize();
    private static final String SECRET = UUID.randomUUID().toString().replace("-", "");
    @TempDir
    static Path tmp;
    private static Path sparkHome;
    private static Path data;
    private static StandaloneCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        sparkHome = tmp.resolve("spark-home");
        Process make = new ProcessBuilder(REPO.resolve("deploy/make-spark-home.sh").toString(), sparkHome.toString())
                .redirectErrorStream(true).start();
        String made = new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(make.waitFor()).as(made).isZero();
        assertThat(sparkHome.resolve("bin/spark-submit")).isExecutable();
        data = SyntheticCifar10.write(tmp.resolve("cifar"), 160, 200, 11L);
        cluster = StandaloneCluster.startFrom(sparkHome, 2, "2g", tmp.resolve("cluster"),
                List.of("spark.authenticate=true", "spark.authenticate.secret=" + SECRET,
                        "spark.network.crypto.enabled=true", "spark.network.crypto.saslFallback=false"));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theSecureScriptTrainsOnAnAuthenticatedClusterWithEveryExecutorOnTheFastPath() throws Exception {
        Submission run = submit("deploy/spark-submit-secure.sh", "secure", Map.of("SPARK_AUTHENTICATE_SECRET", SECRET),
                List.of());
        assertThat(run.exitCode()).as(run.console()).isZero();
        assertBothExecutorsFast(run);
        try (Stream<Path> files = Files.walk(run.folder())) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as("secret in " + f).doesNotContain(SECRET);
            }
        }
    }

    /**
     * The GPU script's CPU mode on the same cluster: its own option handling (sizes, merged JVM options, spark-submit
     * options passed through after the master) also keeps every executor on the fast path.
     */
    @Test
    void theGpuScriptInCpuModeTrainsWithEveryExecutorOnTheFastPath() throws Exception {
        Submission run = submit("deploy/spark-submit-gpu.sh", "gpu-script-cpu",
                Map.of("EXECUTORS", "2", "EXECUTOR_CORES", "1", "EXECUTOR_MEMORY", "1500m", "DRIVER_MEMORY", "2g"),
                List.of("--cpu", "--conf", "spark.authenticate=true", "--conf", "spark.authenticate.secret=" + SECRET,
                        "--conf", "spark.network.crypto.enabled=true"));
        assertThat(run.exitCode()).as(run.console()).isZero();
        assertThat(run.console()).doesNotContain("resource.gpu");
        assertBothExecutorsFast(run);
    }

    /**
     * The torch engine through the same script and cluster: two executor JVMs each load libtorch from the application
     * jar and train their partition; the driver averages the flat arrays. executors.json names engine and backend.
     */
    @Test
    void theTorchEngineTrainsOnTwoExecutorsOfTheStandaloneCluster() throws Exception {
        Submission run = submit("deploy/spark-submit-gpu.sh", "torch-engine",
                Map.of("EXECUTORS", "2", "EXECUTOR_CORES", "1", "EXECUTOR_MEMORY", "1500m", "DRIVER_MEMORY", "2g"),
                List.of("--cpu", "--conf", "spark.authenticate=true", "--conf", "spark.authenticate.secret=" + SECRET,
                        "--conf", "spark.network.crypto.enabled=true"), List.of("engine=torch"));
        assertThat(run.exitCode()).as(run.console()).isZero();
        List<ExecutorHelpers> executors = List.of(new ObjectMapper().readValue(
                run.folder().resolve(RunFiles.EXECUTORS_JSON).toFile(), ExecutorHelpers[].class));
        assertThat(executors).as(run.console()).hasSize(2);
        assertThat(executors).allSatisfy(e -> {
            assertThat(e.engine()).isEqualTo("torch");
            assertThat(e.nativeLibrary()).startsWith("libtorch 2.10.0");
            assertThat(e.backend()).isEqualTo("CPU");
        });
        assertThat(executors).extracting(ExecutorHelpers::pid).as("two executor JVMs").doesNotHaveDuplicates();
        assertThat(executors).extracting(ExecutorHelpers::executorId).as("executors, not the driver")
                .doesNotHaveDuplicates().doesNotContain("driver");
        assertThat(run.console()).doesNotContain("Exception");
        assertThat(Files.readAllLines(run.folder().resolve("epochs.jsonl"))).as("an epoch trained").isNotEmpty();
        assertThat(new ObjectMapper().readTree(run.folder().resolve(RunFiles.RUN_JSON).toFile())
                .at("/backend/engine").asText()).isEqualTo("torch");
    }

    private static void assertBothExecutorsFast(Submission run) throws IOException {
        List<ExecutorHelpers> executors = List.of(new ObjectMapper().readValue(
                run.folder().resolve(RunFiles.EXECUTORS_JSON).toFile(), ExecutorHelpers[].class));
        assertThat(executors).as(run.console()).hasSize(2);
        assertThat(executors).allSatisfy(e -> {
            assertThat(e.allFast()).as(e.describe()).isTrue();
            assertThat(e.layers()).isGreaterThan(0);
            assertThat(e.nativeLibrary()).contains("onednn");
            assertThat(e.backend()).as("the backend plugin ran on the executor").isEqualTo("CPU");
            assertThat(e.gpuAddresses()).isEmpty();
        });
        assertThat(executors).extracting(ExecutorHelpers::pid).as("two executor JVMs").doesNotHaveDuplicates();
        assertThat(executors).extracting(ExecutorHelpers::executorId).as("executors, not the driver")
                .doesNotHaveDuplicates().doesNotContain("driver");
        assertThat(run.console()).doesNotContain("SLOW PATH").doesNotContain("Exception");
        assertThat(Files.readAllLines(run.folder().resolve("epochs.jsonl"))).as("an epoch trained").isNotEmpty();
    }

    /** Runs a submit script from the repository root with the test's Spark home; returns its exit and output. */
    private static Submission submit(String script, String name, Map<String, String> env, List<String> scriptOptions)
            throws Exception {
        return submit(script, name, env, scriptOptions, List.of());
    }

    /** {@link #submit(String, String, Map, List)} with {@code --set} overrides of the training config added. */
    private static Submission submit(String script, String name, Map<String, String> env, List<String> scriptOptions,
                                     List<String> trainSets) throws Exception {
        Path results = tmp.resolve("runs");
        List<String> cmd = new ArrayList<>(List.of(REPO.resolve(script).toString()));
        if (scriptOptions.contains("--cpu")) {
            cmd.add("--cpu");
        }
        cmd.addAll(List.of("--master", cluster.masterUrl()));
        cmd.addAll(scriptOptions.stream().filter(o -> !o.equals("--cpu")).toList());
        cmd.addAll(List.of("train", "-c", REPO.resolve("conf/cifar10-small-cnn.yaml").toString(),
                "--set", "run.name=" + name, "--set", "run.resultsDir=" + results,
                "--set", "data.dir=" + data, "--set", "data.augment=false",
                "--set", "training.epochs=1", "--set", "training.batchSize=32",
                "--set", "training.checkpointEveryRounds=100", "--set", "spark.workers=2"));
        trainSets.forEach(set -> cmd.addAll(List.of("--set", set)));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(REPO.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(name + ".log").toFile());
        pb.environment().putAll(env);
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("CRITDAMP_JAR", System.getProperty("critdamp.appJar"));
        // Wait for both executors before the first job, so that both train; small memory for a 2-core machine.
        pb.environment().put("SPARK_SUBMIT_EXTRA", String.join(" ", "--driver-memory 2g",
                "--conf spark.executor.memory=1500m --conf spark.cores.max=2 --conf spark.executor.cores=1",
                "--conf spark.scheduler.minRegisteredResourcesRatio=1.0",
                "--conf spark.scheduler.maxRegisteredResourcesWaitingTime=120s",
                "--conf spark.executorEnv.OMP_NUM_THREADS=1 --conf spark.ui.enabled=false"));
        Process p = pb.start();
        Path log = tmp.resolve(name + ".log");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(6);
        while (!p.waitFor(1, TimeUnit.SECONDS)) {
            // Spark relaunches executors that fail at start without end: report the first failure instead.
            boolean executorsFail = Files.readString(log).contains("Unable to create executor");
            if (executorsFail || System.nanoTime() > deadline) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(script + (executorsFail ? ": executors fail to start" : " did not finish in "
                        + "6 minutes") + ":\n" + Files.readString(log));
            }
        }
        return new Submission(p.exitValue(), Files.readString(tmp.resolve(name + ".log")), results.resolve(name));
    }

    private record Submission(int exitCode, String console, Path folder) {
    }
}
