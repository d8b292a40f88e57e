package critdamp.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What produced a run, written beside its results ({@code run.json}) and checkpoints: results differ across
 * platforms, backends and library versions, so every figure carries them.
 *
 * @param command      the command and its arguments
 * @param startedAt    ISO-8601 start time
 * @param seed         the run seed
 * @param versions     java, os, spark, dl4j/nd4j, critdamp, git commit
 * @param backend      ND4J backend and its environment (BLAS vendor, threads, oneDNN)
 * @param spark        master, executors, default parallelism
 * @param data         data location and verified checksums
 * @param config       the config exactly as used
 */
public record Provenance(String command, String startedAt, long seed, Map<String, String> versions,
                         Map<String, String> backend, Map<String, String> spark, Map<String, String> data,
                         Object config) {

    /** Versions of this JVM and the libraries on the classpath. */
    public static Map<String, String> versions(String sparkVersion) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        v.put("spark", sparkVersion);
        v.put("dl4j", mavenVersion("org.deeplearning4j", "deeplearning4j-nn"));
        v.put("dl4j-spark", mavenVersion("org.deeplearning4j", "dl4j-spark_2.12"));
        v.put("nd4j", mavenVersion("org.nd4j", "nd4j-api"));
        v.put("critdamp", mavenVersion("org.critdamp", "critdamp-common"));
        v.put("gitCommit", BuildCommit.current());
        return v;
    }

    /**
     * ND4J's backend description (backend, BLAS vendor, threads) plus the fast-path flags and this JVM's CPU model:
     * oneDNN picks its kernels for the CPU, so the same run on another CPU differs from its first step on.
     */
    public static Map<String, String> backendInfo() {
        Map<String, String> b = new LinkedHashMap<>();
        b.put("cpu", cpuModel());
        org.nd4j.linalg.factory.Nd4j.getExecutioner().getEnvironmentInformation()
                .forEach((k, val) -> b.put(String.valueOf(k), String.valueOf(val)));
        b.put("helpers.disable", System.getProperty("org.eclipse.deeplearning4j.helpers.disable", "(default: true)"));
        b.put("javacpp.platform.extension", System.getProperty("org.bytedeco.javacpp.platform.extension", ""));
        b.put("OMP_NUM_THREADS", String.valueOf(System.getenv("OMP_NUM_THREADS")));
        b.put("OPENBLAS_CORETYPE", String.valueOf(System.getenv("OPENBLAS_CORETYPE")));
        return b;
    }

    /** The CPU model from {@code /proc/cpuinfo} ("model name"), or the architecture where that is unreadable. */
    public static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: the architecture below
        }
        return System.getProperty("os.arch");
    }

    public static String now() {
        return Instant.now().toString();
    }

    /** The version in a jar's {@code META-INF/maven/<group>/<artifact>/pom.properties}, or "unknown". */
    public static String mavenVersion(String group, String artifact) {
        String res = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (java.io.InputStream in = Provenance.class.getClassLoader().getResourceAsStream(res)) {
            if (in == null) {
                return "unknown";
            }
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
