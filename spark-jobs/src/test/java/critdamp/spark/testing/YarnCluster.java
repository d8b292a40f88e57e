package critdamp.spark.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * A real YARN and HDFS on loopback for tests: Hadoop's MiniYARNCluster (ResourceManager, one NodeManager) and
 * MiniDFSCluster (NameNode, one DataNode) in a child JVM ({@link MiniHadoopMain}), so that the NodeManager's
 * containers (application master, executors) are processes of that JVM's tree, stopped with it, and no YARN server
 * state shares the test JVM. {@link #confDir()} is the {@code HADOOP_CONF_DIR} a client submits with;
 * {@link #containerLogs} reads what each container wrote. Close it to stop every process it started.
 */
public final class YarnCluster implements AutoCloseable {
    private final Process process;
    private final Path workDir;
    private final Path log;
    private final String hdfs;
    private final Configuration clientConf;

    private YarnCluster(Process process, Path workDir, Path log, String hdfs) {
        this.process = process;
        this.workDir = workDir;
        this.log = log;
        this.hdfs = hdfs;
        this.clientConf = new Configuration();
        clientConf.addResource(new org.apache.hadoop.fs.Path(confDir().resolve("core-site.xml").toUri()));
        clientConf.addResource(new org.apache.hadoop.fs.Path(confDir().resolve("yarn-site.xml").toUri()));
    }

    /**
     * Starts the clusters in {@code workDir}, waiting for both (at most {@code timeout}); {@code nodeManagerEnv} is the
     * child JVM's extra environment, which the NodeManager passes on to containers for the variables YARN's
     * whitelist names ({@code JAVA_HOME}, ...) where the application does not set them.
     */
    public static YarnCluster start(Path workDir, Map<String, String> nodeManagerEnv, Duration timeout) {
        try {
            Files.createDirectories(workDir);
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
            cmd.addAll(StandaloneCluster.OPENS);
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path") + File.pathSeparator + miniYarnLibs(),
                    MiniHadoopMain.class.getName(), workDir.toString()));
            Path log = workDir.resolve("mini-hadoop.log");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(nodeManagerEnv);
            Process p = pb.start();
            Path ready = workDir.resolve("ready.properties");
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!Files.exists(ready)) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    destroyTree(p);
                    throw new IllegalStateException("MiniYARNCluster/MiniDFSCluster did not start "
                            + (p.isAlive() ? "within " + timeout : "(exit " + p.exitValue() + ")") + ":\n"
                            + tail(log, 60));
                }
                Thread.sleep(200);
            }
            Properties props = new Properties();
            try (InputStream in = Files.newInputStream(ready)) {
                props.load(in);
            }
            return new YarnCluster(p, workDir, log, props.getProperty("hdfs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting YARN", e);
        }
    }

    /** JUnit 4, Bouncy Castle and JAXB, which MiniYARNCluster needs (the pom copies them; the tests are JUnit 5). */
    private static String miniYarnLibs() {
        Path libs = Path.of(System.getProperty("critdamp.miniYarnLibs", "target/mini-yarn-libs"));
        if (!Files.isDirectory(libs)) {
            throw new IllegalStateException("no " + libs + " (MiniYARNCluster's extra jars): run through Maven's"
                    + " verify, whose pre-integration-test phase copies them");
        }
        return libs.toAbsolutePath() + "/*";
    }

    /** The client configuration folder: {@code core-site.xml} (fs.defaultFS) and {@code yarn-site.xml}. */
    public Path confDir() {
        return workDir.resolve("conf");
    }

    /** The HDFS root, {@code hdfs://localhost:<port>}. */
    public String hdfs() {
        return hdfs;
    }

    /** The client configuration as a Hadoop {@link Configuration} (for a YarnClient or a FileSystem). */
    public Configuration clientConf() {
        return new Configuration(clientConf);
    }

    /** A client of this cluster's HDFS. */
    public FileSystem fileSystem() throws IOException {
        return FileSystem.newInstance(URI.create(hdfs), clientConf());
    }

    /**
     * Every log file the NodeManager kept for {@code applicationId}'s containers, by container id: each container's
     * {@code stdout}, {@code stderr} and {@code prelaunch.*} joined.
     */
    public Map<String, String> containerLogs(String applicationId) throws IOException {
        Map<String, String> logs = new TreeMap<>();
        List<Path> containers = new ArrayList<>();
        // Only the NodeManagers' log folders: the local (work) folders of a finished application are deleted by the
        // NodeManager while we look, so they are neither walked nor read.
        Files.walkFileTree(workDir.resolve("target"), new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(Path d,
                    java.nio.file.attribute.BasicFileAttributes attrs) {
                String name = d.getFileName().toString();
                if (name.contains("-localDir-")) {
                    return java.nio.file.FileVisitResult.SKIP_SUBTREE;
                }
                if (name.startsWith("container_") && d.getParent().getFileName().toString().equals(applicationId)) {
                    containers.add(d);
                    return java.nio.file.FileVisitResult.SKIP_SUBTREE;
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                return java.nio.file.FileVisitResult.CONTINUE; // removed while walking: not a container log
            }
        });
        for (Path d : containers) {
            StringBuilder all = new StringBuilder();
            try (Stream<Path> files = Files.list(d)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                    all.append("==> ").append(f.getFileName()).append(" <==\n")
                            .append(Files.readString(f, StandardCharsets.ISO_8859_1));
                }
            }
            logs.merge(d.getFileName().toString(), all.toString(), String::concat);
        }
        return logs;
    }

    /** The last {@code lines} lines of the child JVM's own log (ResourceManager, NodeManager, HDFS). */
    public String serverLog(int lines) {
        return tail(log, lines);
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void destroyTree(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** Stops the clusters: closes the child's standard input (an orderly stop), then kills what is left of its tree. */
    @Override
    public void close() {
        List<ProcessHandle> tree = process.descendants().toList();
        try {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        destroyTree(process);
    }
}
