package critdamp.report;

import critdamp.run.RunFiles;
import com.fasterxml.jackson.databind.JsonNode;
import critdamp.data.Cifar10Checksums;
import critdamp.run.RunFolder;
import critdamp.run.RunMetrics;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a run's figures come from, as its folder records it: the commit, versions, backend and data of
 * {@code run.json} (with the MD5 of each CIFAR-10 file when the run verified them), and from {@code executors.json} (when the trainer wrote it) the native library each executor JVM
 * loaded and whether all its conv/batch-norm/pooling layers ran DL4J's oneDNN helpers (the fast path).
 *
 * @param runJson   {@code run.json} as a tree, when present
 * @param executors the entries of {@code executors.json} (empty when the file is absent)
 * @param haveExecutorsFile whether {@code executors.json} exists
 */
public record RunProvenance(Optional<JsonNode> runJson, List<JsonNode> executors, boolean haveExecutorsFile) {

    public RunProvenance {
        executors = List.copyOf(executors);
    }

    /** What {@code folder} records. */
    public static RunProvenance read(RunFolder folder) {
        Optional<JsonNode> run = RunMetrics.readTree(folder, RunFiles.RUN_JSON);
        Optional<JsonNode> ex = RunMetrics.readTree(folder, RunFiles.EXECUTORS_JSON);
        List<JsonNode> executors = new ArrayList<>();
        ex.filter(JsonNode::isArray).ifPresent(a -> a.forEach(executors::add));
        return new RunProvenance(run, executors, ex.isPresent());
    }

    /** The git commit the run was built from, or "unknown". */
    public String commit() {
        String c = runJson.map(r -> r.path("versions").path("gitCommit").asText("")).orElse("");
        return c.isBlank() ? "unknown" : c;
    }

    /** The fast-path verdict and whether it is good: all executors fast, some slow, or not recorded. */
    public record FastPath(String text, boolean fast, boolean known) {
    }

    /** The fast-path verdict from executors.json. */
    public FastPath fastPath() {
        if (!haveExecutorsFile || executors.isEmpty()) {
            return new FastPath("not recorded (no " + RunFiles.EXECUTORS_JSON + " in the run folder)", false, false);
        }
        List<String> slow = new ArrayList<>();
        for (JsonNode e : executors) {
            if (e.path("slowLayers").size() > 0) {
                slow.add("executor " + e.path("executorId").asText("?") + ": " + e.path("slowLayers").size() + " of "
                        + e.path("layers").asInt() + " layers on DL4J's Java path " + e.path("slowLayers"));
            }
        }
        if (slow.isEmpty()) {
            return new FastPath("on: all " + executors.size() + " executor JVM(s) ran every conv/batch-norm/pooling "
                    + "layer on oneDNN helpers", true, true);
        }
        return new FastPath("SLOW PATH: " + String.join("; ", slow), false, true);
    }

    /** The native libraries the executors loaded (distinct, in order), else the backend's platform extension. */
    public String nativeLibrary() {
        Set<String> libs = new LinkedHashSet<>();
        executors.forEach(e -> {
            String lib = e.path("nativeLibrary").asText("");
            if (!lib.isBlank()) {
                libs.add(lib);
            }
        });
        if (!libs.isEmpty()) {
            return String.join(", ", libs);
        }
        String ext = runJson.map(r -> r.path("backend").path("javacpp.platform.extension").asText("")).orElse("");
        return ext.isBlank() ? "not recorded" : "nd4j-native" + ext + " (driver's platform extension)";
    }

    /** ND4J's backend and BLAS as run.json records them, e.g. "CPU; BLAS OPENBLAS, 2 threads; OpenMP 2 threads". */
    public String backend() {
        JsonNode b = runJson.map(r -> r.path("backend")).orElse(null);
        if (b == null || !b.isObject() || b.isEmpty()) {
            return "not recorded";
        }
        List<String> parts = new ArrayList<>();
        if (b.hasNonNull("backend")) {
            parts.add(b.get("backend").asText());
        }
        if (b.hasNonNull("blas.vendor")) {
            parts.add("BLAS " + b.get("blas.vendor").asText()
                    + (b.hasNonNull("blas.threads") ? ", " + b.get("blas.threads").asText() + " threads" : ""));
        }
        if (b.hasNonNull("omp.threads")) {
            parts.add("OpenMP " + b.get("omp.threads").asText() + " threads");
        }
        return parts.isEmpty() ? "see run.json" : String.join("; ", parts);
    }

    /** Where the data came from: run.json's data location (directory or URI), or "not recorded". */
    public String dataLocation() {
        JsonNode d = runJson.map(r -> r.path("data")).orElse(null);
        if (d == null || !d.isObject()) {
            return "not recorded";
        }
        for (String key : List.of("location", "directory", "dir", "source")) {
            if (d.hasNonNull(key)) {
                return d.get(key).asText();
            }
        }
        return "see run.json";
    }

    /** The headline rows of the provenance table: (what, value). */
    public List<List<String>> headlineRows() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("git commit", commit()));
        runJson.ifPresent(r -> {
            rows.add(List.of("critdamp version", r.path("versions").path("critdamp").asText("?")));
            rows.add(List.of("command", r.path("command").asText("?")));
            rows.add(List.of("started", r.path("startedAt").asText("?")));
        });
        rows.add(List.of("backend", backend()));
        rows.add(List.of("native library", nativeLibrary()));
        FastPath f = fastPath();
        rows.add(List.of("fast path (" + RunFiles.EXECUTORS_JSON + ")",
                Html.CLASS + (f.known() ? (f.fast() ? "done:" : "failed:") : "note:") + f.text()));
        runJson.ifPresent(r -> {
            if (r.path("spark").isObject()) {
                rows.add(List.of("spark", join(r.path("spark"))));
            }
            addEach(rows, "data ", r.path("data"));
            JsonNode data = r.path("data");
            if ("cifar10".equals(data.path("dataset").asText()) && data.path("verification").asText().startsWith("MD5")) {
                // the run checked every file against these before training (it stops on a mismatch)
                Cifar10Checksums.ORIGINAL.forEach((file, md5) -> rows.add(List.of("data MD5 " + file, md5)));
            }
        });
        if (runJson.isEmpty()) {
            rows.add(List.of(RunFiles.RUN_JSON, "absent: no provenance recorded"));
        }
        return rows;
    }

    /** One row per executor JVM: id, host, pid, native library, layers on helpers. */
    public List<List<String>> executorRows() {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode e : executors) {
            int layers = e.path("layers").asInt();
            int slow = e.path("slowLayers").size();
            rows.add(List.of(e.path("executorId").asText("?"), e.path("host").asText("?"),
                    Html.n(e.path("pid").asText("?")), e.path("nativeLibrary").asText("?"),
                    Html.CLASS + (slow == 0 ? "done:" : "failed:") + (layers - slow) + " of " + layers
                            + (slow == 0 ? "" : "; slow: " + e.path("slowLayers"))));
        }
        return rows;
    }

    private static void addEach(List<List<String>> rows, String prefix, JsonNode object) {
        Iterator<Map.Entry<String, JsonNode>> it = object.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            rows.add(List.of(prefix + e.getKey(), e.getValue().isTextual() ? e.getValue().asText()
                    : e.getValue().toString()));
        }
    }

    private static String join(JsonNode object) {
        List<String> parts = new ArrayList<>();
        object.fields().forEachRemaining(e -> parts.add(e.getKey() + " " + e.getValue().asText()));
        return String.join(", ", parts);
    }
}
