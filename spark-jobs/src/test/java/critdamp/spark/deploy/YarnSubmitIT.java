package critdamp.spark.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import critdamp.data.SyntheticCifar10;
import critdamp.run.RunFiles;
import critdamp.spark.testing.MiniHadoopMain;
import critdamp.spark.testing.YarnCluster;
import critdamp.spark.train.ExecutorHelpers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The YARN path as users run it: the shaded application jar, submitted by the project's submit scripts through a real
 * {@code spark-submit --master yarn} (Spark's launcher, {@code SparkSubmit} and {@code spark-yarn}'s client, from a
 * Spark home made by {@code deploy/make-spark-home.sh}) to Hadoop's MiniYARNCluster, with data, config and results on
 * MiniDFSCluster's HDFS ({@link YarnCluster}: both in a child JVM). YARN runs the application master and the executors
 * as containers: {@code launch_container.sh}, {@code __spark_libs__} and the application jar localized from the HDFS
 * staging folder, the environment YARN builds. Each submission trains 2 epochs of tiny synthetic CIFAR-10 on 2
 * executors:
 * <ul>
 *   <li>{@code deploy/spark-submit-gpu.sh --cpu}, client mode (the driver is the {@code spark-submit} process here), on
 *       a queue of its own ({@code --queue}), config read from this machine's disk;</li>
 *   <li>{@code deploy/spark-submit-secure.sh}, cluster mode (the driver runs in the application master's container and
 *       reads its config from HDFS), with RPC authentication and encryption on and the secret YARN distributes;</li>
 *   <li>{@code deploy/spark-submit-gpu.sh} with GPUs, cluster mode: executors ask YARN for {@code yarn.io/gpu}, the
 *       NodeManager's GPU plugin grants them from its two (listed, not real) devices, and each executor runs the
 *       discovery script the script ships with {@code --files}; {@code deploy/gpu-discovery.sh} finds them through a
 *       stand-in {@code nvidia-smi} put on the executors' PATH. The jar is the CPU build, so they train on the CPU.</li>
 * </ul>
 * The NodeManager's own {@code JAVA_HOME} is a stand-in for an old Java that fails every container started with it,
 * as a Java 8 NodeManager would with this Java 17 jar: a submission trains only where the scripts give the application
 * master and the executors {@code CRITDAMP_CLUSTER_JAVA_HOME}; a fourth case, without it, checks that this premise
 * holds (it fails, and says why). Asserted from the run folder on HDFS: executors.json names 2 executors, each in a
 * YARN container of its own (its process id is in that container's log), each on the oneDNN helpers for every layer;
 * 2 epochs, the summary and checkpoints on HDFS; from YARN: the application SUCCEEDED on the queue it asked for; no
 * secret in any file of the run folder or of the containers' logs.
 * <p>
 * Not run here, and why: the CUDA backend (no GPU on the build machine; nd4j-cuda-11.6 has no kernels for Hopper
 * either); YARN's GPU isolation (the LinuxContainerExecutor's setuid {@code container-executor} binary and cgroups, not
 * in the Maven jars and needing root-owned system configuration); Kerberos (a secure HDFS and YARN need a KDC, which
 * hadoop-client-minicluster does not carry).
 */
class YarnSubmitIT {
    private static final Path REPO = Path.of(System.getProperty("critdamp.repo", "..")).toAbsolutePath().normalize();
    /** Given to the secure script as a standalone user would: on YARN it must be neither used nor written anywhere. */
    private static final String SECRET = UUID.randomUUID().toString().replace("-", "");
    private static final Pattern APPLICATION_ID = Pattern.compile("application_\\d+_\\d+");
    private static final Duration SUBMISSION_LIMIT = Duration.ofMinutes(6);
    /** Sizes for a 2-core test machine: the small CNN's plan fits 1.5 GB of heap with 1 GB of overhead. */
    private static final Map<String, String> SMALL = Map.of("EXECUTORS", "2", "EXECUTOR_CORES", "1",
            "EXECUTOR_MEMORY", "1500m", "DRIVER_MEMORY", "2g", "MEMORY_OVERHEAD", "1g", "OFFHEAP", "1G",
            "MAXPHYSICAL", "3G");
    @TempDir
    static Path tmp;
    private static Path sparkHome;
    private static Path fakeGpuTools;
    private static YarnCluster yarn;
    private static FileSystem hdfs;
    private static String data;
    private static String config;
    private static long started;

    @BeforeAll
    static void startYarn() throws Exception {
        started = System.nanoTime();
        sparkHome = tmp.resolve("spark-home");
        Process make = new ProcessBuilder(REPO.resolve("deploy/make-spark-home.sh").toString(), sparkHome.toString())
                .redirectErrorStream(true).start();
        String made = new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(make.waitFor()).as(made).isZero();
        try (var jars = Files.list(sparkHome.resolve("jars"))) {
            assertThat(jars.map(p -> p.getFileName().toString()))
                    .as("the Spark home has Spark's YARN support (deploy/pom.xml: spark-yarn)")
                    .anyMatch(n -> n.startsWith("spark-yarn_"));
        }
        fakeGpuTools = script(tmp.resolve("fake-gpu-tools/nvidia-smi"), "printf '0\\n1\\n'\n").getParent();
        Path oldJava = script(tmp.resolve("nodemanager-java8/bin/java"), "echo \"the NodeManager's Java 8:"
                + " UnsupportedClassVersionError (class file version 61.0)\" >&2\nexit 1\n").getParent().getParent();
        yarn = YarnCluster.start(tmp.resolve("yarn"), Map.of("JAVA_HOME", oldJava.toString()), Duration.ofMinutes(3));
        hdfs = yarn.fileSystem();
        Path local = SyntheticCifar10.write(tmp.resolve("cifar"), 160, 200, 11L);
        data = yarn.hdfs() + "/data/cifar";
        hdfs.copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toUri()), new org.apache.hadoop.fs.Path(data));
        config = yarn.hdfs() + "/conf/cifar10-small-cnn.yaml";
        hdfs.copyFromLocalFile(new org.apache.hadoop.fs.Path(REPO.resolve("conf/cifar10-small-cnn.yaml").toUri()),
                new org.apache.hadoop.fs.Path(config));
        System.out.printf(Locale.ROOT, "YARN test: MiniYARNCluster and MiniDFSCluster up, data on HDFS, in %.1f s%n",
                (System.nanoTime() - started) / 1e9);
    }

    @AfterAll
    static void stopYarn() throws IOException {
        if (hdfs != null) {
            hdfs.close();
        }
        if (yarn != null) {
            yarn.close();
        }
        System.out.printf(Locale.ROOT, "YARN test: %.1f s in all%n", (System.nanoTime() - started) / 1e9);
    }

    @Test
    void theGpuScriptInCpuModeTrainsInClientModeOnItsQueue() throws Exception {
        List<String> script = List.of("deploy/spark-submit-gpu.sh", "--cpu", "--master", "yarn",
                "--queue", MiniHadoopMain.QUEUE);
        assertThat(dryRun(script, SMALL)).as("--cpu: no GPU setting, no discovery script shipped")
                .doesNotContain("--files").doesNotContain("gpu").contains("--deploy-mode client");
        Submission run = submit(script, SMALL, "gpu-script-cpu-client",
                REPO.resolve("conf/cifar10-small-cnn.yaml").toString());
        assertTrained(run, MiniHadoopMain.QUEUE);
        assertThat(trainedBy(run)).allSatisfy(e -> assertThat(e.gpuAddresses()).isEmpty());
    }

    @Test
    void theSecureScriptTrainsInClusterModeWithTheSecretYarnMakes() throws Exception {
        Map<String, String> env = Map.of("DEPLOY_MODE", "cluster", "SPARK_AUTHENTICATE_SECRET", SECRET,
                "OFFHEAP", "1G", "MAXPHYSICAL", "3G", "CRITDAMP_EXECUTOR_THREADS", "1");
        List<String> script = List.of("deploy/spark-submit-secure.sh", "--master", "yarn",
                "--num-executors", "2", "--executor-cores", "1", "--executor-memory", "1500m",
                "--driver-memory", "2g", "--conf", "spark.executor.memoryOverhead=1g");
        assertThat(dryRun(script, env)).contains("--deploy-mode cluster").doesNotContain(SECRET);
        Submission run = submit(script, env, "secure-cluster", config);
        assertTrained(run, "default");
        assertThat(run.console()).doesNotContain(SECRET);
        Map<String, String> logs = yarn.containerLogs(run.applicationId());
        assertThat(logs).as("the application master (the driver) and both executors").hasSize(3);
        logs.forEach((container, log) -> {
            assertThat(log).as("secret in the logs of " + container).doesNotContain(SECRET);
            assertThat(log).as(container + " authenticates").contains("authentication enabled");
        });
        RemoteIterator<LocatedFileStatus> files = hdfs.listFiles(run.folder(), true);
        int n = 0;
        while (files.hasNext()) {
            org.apache.hadoop.fs.Path f = files.next().getPath();
            try (InputStream in = hdfs.open(f)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).as("secret in " + f)
                        .doesNotContain(SECRET);
            }
            n++;
        }
        assertThat(n).as("files checked in the run folder").isGreaterThan(3);
    }

    /**
     * The GPU settings YARN needs, run: {@code yarn.io/gpu} requested and granted, the discovery script shipped with
     * {@code --files} and run relatively from each executor's container; and in cluster mode the driver's container
     * sized heap + overhead like an executor's.
     */
    @Test
    void theGpuScriptGetsYarnGpusForItsExecutorsInClusterMode() throws Exception {
        Map<String, String> env = new HashMap<>(SMALL);
        env.put("DEPLOY_MODE", "cluster");
        // The node's nvidia-smi: a stand-in that lists devices 0 and 1, on the executors' PATH.
        List<String> script = List.of("deploy/spark-submit-gpu.sh", "--master", "yarn",
                "--conf", "spark.executorEnv.PATH=" + fakeGpuTools + ":/usr/bin:/bin");
        String dryRun = dryRun(script, env);
        assertThat(dryRun).contains("--files " + REPO.resolve("deploy/gpu-discovery.sh"))
                .contains("spark.executor.resource.gpu.discoveryScript=./gpu-discovery.sh");
        Submission run = submit(script, env, "gpu-script-gpu-cluster", config);
        assertTrained(run, "default");
        assertThat(run.console()).as("the CPU jar's warning").contains("is a CPU build")
                .as("the driver's container: 2g heap + 1g overhead, as an executor's")
                .contains("Will allocate AM container, with 3072 MB memory including 1024 MB overhead");
        assertThat(trainedBy(run)).allSatisfy(e -> assertThat(e.gpuAddresses()).as(e.describe()).hasSize(1));
        Map<String, String> logs = yarn.containerLogs(run.applicationId());
        assertThat(String.join("\n", logs.values())).as("executors asked YARN for a GPU each")
                .contains("yarn.io/gpu: 1>");
        assertThat(logs.values().stream().filter(l -> l.contains("with script: ./gpu-discovery.sh")).count())
                .as("executors that ran the shipped discovery script").isEqualTo(2);
    }

    /**
     * The premise of the cases above: containers left on the NodeManager's Java do not start, so the others train only
     * because the scripts pass {@code CRITDAMP_CLUSTER_JAVA_HOME} on. Without it the submission fails, and says why.
     */
    @Test
    void withoutClusterJavaHomeContainersGetTheNodeManagersJavaAndFailSayingWhy() throws Exception {
        Map<String, String> env = new HashMap<>(SMALL);
        env.put("CRITDAMP_CLUSTER_JAVA_HOME", "");
        Submission run = submit(List.of("deploy/spark-submit-gpu.sh", "--cpu", "--master", "yarn"), env,
                "node-manager-java", REPO.resolve("conf/cifar10-small-cnn.yaml").toString());
        assertThat(run.exitCode()).as(run.console()).isNotZero();
        assertThat(run.console()).as("the script's reminder").contains("set CRITDAMP_CLUSTER_JAVA_HOME")
                .as("YARN's diagnostics").contains("the NodeManager's Java 8: UnsupportedClassVersionError");
        assertThat(report(run).getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.FAILED);
    }

    private static void assertTrained(Submission run, String queue) throws Exception {
        assertThat(run.console()).doesNotContain("SLOW PATH").doesNotContain("set CRITDAMP_CLUSTER_JAVA_HOME");
        ApplicationReport report = report(run);
        assertThat(report.getFinalApplicationStatus()).as(report.getDiagnostics())
                .isEqualTo(FinalApplicationStatus.SUCCEEDED);
        assertThat(report.getQueue()).isEqualTo(queue);
        List<ExecutorHelpers> executors = trainedBy(run);
        assertThat(executors).as(run.console()).hasSize(2);
        assertThat(executors).allSatisfy(e -> {
            assertThat(e.allFast()).as(e.describe()).isTrue();
            assertThat(e.layers()).isGreaterThan(0);
            assertThat(e.nativeLibrary()).contains("onednn");
            assertThat(e.backend()).as("the backend plugin ran on the executor").isEqualTo("CPU");
        });
        assertThat(executors).extracting(ExecutorHelpers::executorId).as("executors, not the driver")
                .doesNotHaveDuplicates().doesNotContain("driver");
        // Each executor is a YARN container of this application: its process id is in that container's log.
        Map<String, String> logs = yarn.containerLogs(run.applicationId());
        List<String> containers = new ArrayList<>();
        for (ExecutorHelpers e : executors) {
            List<String> own = logs.entrySet().stream()
                    .filter(c -> c.getValue().contains("process name: " + e.pid() + "@"))
                    .map(Map.Entry::getKey).toList();
            assertThat(own).as("the container of " + e.describe() + " among " + logs.keySet()).hasSize(1);
            containers.add(own.get(0));
        }
        assertThat(containers).as("two executor containers, neither the application master's")
                .doesNotHaveDuplicates().noneMatch(c -> c.endsWith("_000001"));
        org.apache.hadoop.fs.Path folder = run.folder();
        assertThat(lines(folder, "epochs.jsonl")).as("2 epochs trained").hasSize(2);
        assertThat(hdfs.isFile(new org.apache.hadoop.fs.Path(folder, "summary.json"))).as("summary.json").isTrue();
        assertThat(hdfs.listStatus(new org.apache.hadoop.fs.Path(folder, "checkpoints"))).as("checkpoints on HDFS")
                .isNotEmpty();
    }

    private static List<ExecutorHelpers> trainedBy(Submission run) throws IOException {
        try (InputStream in = hdfs.open(new org.apache.hadoop.fs.Path(run.folder(), RunFiles.EXECUTORS_JSON))) {
            return List.of(new ObjectMapper().readValue(in, ExecutorHelpers[].class));
        }
    }

    private static ApplicationReport report(Submission run) throws Exception {
        try (YarnClient client = YarnClient.createYarnClient()) {
            client.init(yarn.clientConf());
            client.start();
            return client.getApplicationReport(ApplicationId.fromString(run.applicationId()));
        }
    }

    private static List<String> lines(org.apache.hadoop.fs.Path folder, String name) throws IOException {
        try (InputStream in = hdfs.open(new org.apache.hadoop.fs.Path(folder, name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    /** Writes an executable shell script with {@code body}; returns its path. */
    private static Path script(Path file, String body) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** The script's {@code --dry-run} line for the same submission. */
    private static String dryRun(List<String> script, Map<String, String> env) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(REPO.resolve(script.get(0)).toString(), "--dry-run"));
        cmd.addAll(script.subList(1, script.size()));
        cmd.addAll(List.of("train", "-c", config));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(REPO.toFile()).redirectErrorStream(true);
        environment(pb, env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    /**
     * Runs a submit script from the repository root against the mini YARN; returns its exit, output and application.
     * A failed training fails here, with the containers' logs.
     */
    private static Submission submit(List<String> script, Map<String, String> env, String name, String configPath)
            throws Exception {
        String results = yarn.hdfs() + "/runs";
        List<String> cmd = new ArrayList<>(List.of(REPO.resolve(script.get(0)).toString()));
        cmd.addAll(script.subList(1, script.size()));
        cmd.addAll(List.of("train", "-c", configPath,
                "--set", "run.name=" + name, "--set", "run.resultsDir=" + results,
                "--set", "data.dir=" + data, "--set", "data.augment=false",
                "--set", "training.epochs=2", "--set", "training.batchSize=32",
                "--set", "training.checkpointEveryRounds=100", "--set", "spark.workers=2"));
        Path log = tmp.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(REPO.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        environment(pb, env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        long deadline = t0 + SUBMISSION_LIMIT.toNanos();
        while (!p.waitFor(1, TimeUnit.SECONDS)) {
            if (System.nanoTime() > deadline) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(script.get(0) + " did not finish in " + SUBMISSION_LIMIT + ":\n"
                        + Files.readString(log) + "\n--- YARN/HDFS ---\n" + yarn.serverLog(80));
            }
        }
        String console = Files.readString(log);
        System.out.printf(Locale.ROOT, "YARN test: %s (%s) exit %d in %.1f s%n", script.get(0), name, p.exitValue(),
                (System.nanoTime() - t0) / 1e9);
        Matcher app = APPLICATION_ID.matcher(console);
        assertThat(app.find()).as("an application id in the console:\n" + console).isTrue();
        Submission run = new Submission(p.exitValue(), console, app.group(),
                new org.apache.hadoop.fs.Path(results + "/" + name));
        boolean expectFailure = "".equals(env.get("CRITDAMP_CLUSTER_JAVA_HOME"));
        if (run.exitCode() != 0 && !expectFailure) {
            StringBuilder logs = new StringBuilder();
            yarn.containerLogs(run.applicationId()).forEach((c, l) -> logs.append("--- ").append(c).append(" (end)\n")
                    .append(tail(l, 40)).append('\n'));
            throw new AssertionError(script.get(0) + " exit " + run.exitCode() + ":\n" + tail(console, 60) + "\n"
                    + logs);
        }
        return run;
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** The submission's environment: the mini cluster's configuration, the Spark home, a Java 17 for containers. */
    private static void environment(ProcessBuilder pb, Map<String, String> env) {
        Map<String, String> e = pb.environment();
        e.put("SPARK_HOME", sparkHome.toString());
        e.put("HADOOP_CONF_DIR", yarn.confDir().toString());
        e.put("CRITDAMP_JAR", System.getProperty("critdamp.appJar"));
        e.put("CRITDAMP_CLUSTER_JAVA_HOME", System.getProperty("java.home"));
        // Both executors registered before the first job, so that both train; no second attempt of a failed one.
        e.put("SPARK_SUBMIT_EXTRA", String.join(" ", "--conf spark.scheduler.minRegisteredResourcesRatio=1.0",
                "--conf spark.scheduler.maxRegisteredResourcesWaitingTime=120s", "--conf spark.yarn.maxAppAttempts=1"));
        e.putAll(env);
        if ("".equals(e.get("CRITDAMP_CLUSTER_JAVA_HOME"))) {
            e.remove("CRITDAMP_CLUSTER_JAVA_HOME");
        }
    }

    private record Submission(int exitCode, String console, String applicationId, org.apache.hadoop.fs.Path folder) {
    }
}
