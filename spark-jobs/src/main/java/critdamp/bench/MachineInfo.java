package critdamp.bench;

import critdamp.run.Provenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a timing was measured on and under: CPU model, cores, memory, Java, the thread and BLAS settings, the load
 * average. Stored with every result, because on a shared 2-core machine a figure without its load means little.
 */
public record MachineInfo(String cpuModel, int cores, long memoryMiB, String java, String ompNumThreads,
                          String openblasCoretype, String helpersDisable, String platformExtension) {

    /** This JVM's machine and settings. */
    public static MachineInfo current() {
        return new MachineInfo(Provenance.cpuModel(), Runtime.getRuntime().availableProcessors(), readMemoryMiB(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                env("OMP_NUM_THREADS"), env("OPENBLAS_CORETYPE"),
                System.getProperty("org.eclipse.deeplearning4j.helpers.disable", "unset (DL4J default true)"),
                System.getProperty("org.bytedeco.javacpp.platform.extension", "unset"));
    }

    /** The 1/5/15-minute load averages from /proc/loadavg, or "unknown". */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The fields as an ordered map (for the JSON line), with the date. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", Instant.now().toString());
        m.put("cpu", cpuModel);
        m.put("cores", cores);
        m.put("memoryMiB", memoryMiB);
        m.put("java", java);
        m.put("OMP_NUM_THREADS", ompNumThreads);
        m.put("OPENBLAS_CORETYPE", openblasCoretype);
        m.put("helpersDisable", helpersDisable);
        m.put("platformExtension", platformExtension);
        return m;
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null ? "unset" : v;
    }

    private static long readMemoryMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return -1;
    }
}
