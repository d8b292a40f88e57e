package critdamp.spark.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real Spark standalone cluster on loopback for tests: one Master and {@code n} Worker JVMs, each worker with one
 * core; executors are separate JVMs the workers launch from {@code $SPARK_HOME/jars}. {@link #start} runs them from
 * the test classpath ({@link LocalClusterHome}); {@link #startFrom} from a Spark home of a distribution's jars only
 * (made by {@code deploy/make-spark-home.sh}), with Spark settings such as {@code spark.authenticate} given to
 * master and workers. Close it to stop every process it started.
 */
public final class StandaloneCluster implements AutoCloseable {
    /** Module openings Spark needs on Java 17 (a subset of the launcher's list, enough for these JVMs). */
    public static final List<String> OPENS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED");
    private final List<Process> processes = new ArrayList<>();
    private final String masterUrl;
    private final String classpath;
    private final Map<String, String> environment;
    private final List<String> sparkProperties;

    private StandaloneCluster(String masterUrl, String classpath, Map<String, String> environment,
                              List<String> sparkProperties) {
        this.masterUrl = masterUrl;
        this.classpath = classpath;
        this.environment = environment;
        this.sparkProperties = sparkProperties;
    }

    /** Starts a master and {@code workers} one-core workers with {@code workerMemory} (e.g. "2g") each. */
    public static StandaloneCluster start(int workers, String workerMemory, Path workDir) {
        Path home = LocalClusterHome.prepare();
        return launchAll(new StandaloneCluster("spark://127.0.0.1:" + freePort(), System.getProperty("java.class.path"),
                Map.of("SPARK_HOME", home.toString()), List.of()), workers, workerMemory, workDir);
    }

    /**
     * Starts the cluster from {@code sparkHome}'s jars alone, as a distribution's {@code sbin/start-*.sh} would;
     * {@code sparkProperties} ("key=value") go to master and workers as {@code -D} flags (e.g. the shared secret).
     */
    public static StandaloneCluster startFrom(Path sparkHome, int workers, String workerMemory, Path workDir,
                                              List<String> sparkProperties) {
        return launchAll(new StandaloneCluster("spark://127.0.0.1:" + freePort(),
                sparkHome.resolve("jars").toAbsolutePath() + "/*",
                Map.of("SPARK_HOME", sparkHome.toAbsolutePath().toString(), "SPARK_SCALA_VERSION", "2.12"),
                sparkProperties), workers, workerMemory, workDir);
    }

    private static StandaloneCluster launchAll(StandaloneCluster c, int workers, String workerMemory, Path workDir) {
        int port = Integer.parseInt(c.masterUrl.substring(c.masterUrl.lastIndexOf(':') + 1));
        try {
            Files.createDirectories(workDir);
            c.launch(workDir.resolve("master.log"), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", String.valueOf(port), "--webui-port", String.valueOf(freePort()));
            waitForPort(port, Duration.ofSeconds(60));
            for (int i = 0; i < workers; i++) {
                Path dir = workDir.resolve("worker-" + i);
                Files.createDirectories(dir);
                c.launch(workDir.resolve("worker-" + i + ".log"), "org.apache.spark.deploy.worker.Worker",
                        "--host", "127.0.0.1", "--cores", "1", "--memory", workerMemory, "--webui-port",
                        String.valueOf(freePort()), "--work-dir", dir.toString(), c.masterUrl);
            }
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    public String masterUrl() {
        return masterUrl;
    }

    /** The executor JVMs currently running under this cluster's workers (their child processes). */
    public List<ProcessHandle> executors() {
        return processes.stream().flatMap(Process::descendants)
                .filter(p -> p.info().commandLine().map(s -> s.contains("CoarseGrainedExecutorBackend")).orElse(false))
                .toList();
    }

    /** Kills one executor JVM (SIGKILL), as a crashed node would; empty when none runs. */
    public Optional<Long> killOneExecutor() {
        return executors().stream().findFirst().map(p -> {
            p.destroyForcibly();
            return p.pid();
        });
    }

    private void launch(Path log, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.addAll(OPENS);
        sparkProperties.forEach(p -> cmd.add("-D" + p));
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().putAll(environment);
        processes.add(pb.start());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void waitForPort(int port, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the master", ie);
                }
            }
        }
        throw new IllegalStateException("the standalone master did not open port " + port + " within " + timeout);
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

}
