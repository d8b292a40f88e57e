package critdamp.spark.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Makes Spark's {@code local-cluster[n,cores,mem]} master work from Maven jars (no Spark distribution is installed
 * here): executors are separate JVMs started by a worker from {@code $SPARK_HOME/jars/*}, so this fills that folder
 * with links to every jar on the test classpath plus one jar of the class directories. Surefire sets
 * {@code SPARK_HOME} and {@code SPARK_SCALA_VERSION} (see the pom). Executors in separate JVMs are what tests
 * serialization and the per-JVM fast path; {@code local[n]} shares the driver's objects and proves neither.
 */
public final class LocalClusterHome {
    private LocalClusterHome() {
    }

    /** Prepares {@code $SPARK_HOME/jars} once per JVM; returns the Spark home. */
    public static synchronized Path prepare() {
        String home = System.getenv("SPARK_HOME");
        if (home == null) {
            throw new IllegalStateException("SPARK_HOME is not set: run through Maven (surefire sets it)");
        }
        Path jars = Path.of(home, "jars");
        try {
            if (Files.isDirectory(jars)) {
                try (Stream<Path> old = Files.list(jars)) {
                    for (Path p : (Iterable<Path>) old::iterator) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(jars);
            int i = 0;
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path p = Path.of(entry).toAbsolutePath();
                if (Files.isDirectory(p)) {
                    jarDirectory(p, jars.resolve(String.format("zz-classes-%02d.jar", i++)));
                } else if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
                    Path link = jars.resolve(p.getFileName().toString());
                    if (!Files.exists(link)) {
                        Files.createSymbolicLink(link, p);
                    }
                }
            }
            return Path.of(home);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + jars + ": " + e.getMessage(), e);
        }
    }

    private static void jarDirectory(Path dir, Path jar) throws IOException {
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os);
             Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    out.putNextEntry(new JarEntry(dir.relativize(f).toString().replace(File.separatorChar, '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
        }
    }

    /** JVM options executors need: DL4J's fast path and the JavaCPP cache of this build. */
    public static String executorJavaOptions() {
        StringBuilder sb = new StringBuilder();
        for (String key : new String[]{"org.eclipse.deeplearning4j.helpers.disable",
                "org.bytedeco.javacpp.platform.extension", "org.bytedeco.javacpp.cachedir"}) {
            String v = System.getProperty(key);
            if (v != null) {
                sb.append(" -D").append(key).append('=').append(v);
            }
        }
        return sb.toString().trim();
    }
}
