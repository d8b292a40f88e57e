package critdamp.spark.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import critdamp.memory.MemoryPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes manifests (deploy/k8s) as {@code deploy/k8s/render.sh} makes them, with no cluster: the pods' heap,
 * memoryOverhead, JavaCPP limits and executor count are {@code critdamp memory-plan}'s for the config rendered for
 * (run here from this test's classpath), so two configs of different model size get different limits; the templates
 * hold no fixed size, and the templates and what they render are YAML.
 */
class K8sManifestsTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String APP = "deploy/k8s/sparkapplication.yaml";
    private static final String SWEEP = "deploy/k8s/sweep-cronjob.yaml";

    @TempDir
    Path tmp;

    @Test
    void theTemplatesAreYamlWithNoFixedMemory() throws IOException {
        for (String template : List.of(APP, SWEEP)) {
            String text = Files.readString(REPO.resolve(template));
            JsonNode app = spec(YAML.readTree(text));
            for (String role : List.of("driver", "executor")) {
                assertThat(app.path(role).path("memory").asText()).isEqualTo("${CRITDAMP_PLAN_HEAP}");
                assertThat(app.path(role).path("memoryOverhead").asText()).isEqualTo("${CRITDAMP_PLAN_OVERHEAD}");
            }
            assertThat(text).as(template).doesNotContainPattern("javacpp\\.max(physical)?bytes=[0-9]");
        }
        assertThat(YAML.readerFor(JsonNode.class).readValues(REPO.resolve("deploy/k8s/rbac.yaml").toFile()).readAll())
                .hasSize(4);
    }

    @Test
    void twoModelSizesGetTheirOwnPlansLimits() throws Exception {
        JsonNode small = spec(YAML.readTree(render(APP, "-c", "conf/cifar10-small-cnn.yaml").manifest()));
        JsonNode resnet18 = spec(YAML.readTree(render(APP, "-c", "conf/cifar10-resnet18-gpu.yaml").manifest()));
        MemoryPlan smallPlan = plan("conf/cifar10-small-cnn.yaml");
        MemoryPlan resnet18Plan = plan("conf/cifar10-resnet18-gpu.yaml");
        assertLimits(small, smallPlan, 2);
        assertLimits(resnet18, resnet18Plan, 4);
        assertThat(resnet18Plan.offHeapBytes()).isGreaterThan(smallPlan.offHeapBytes());
        assertThat(javaOptions(resnet18, "executor")).isNotEqualTo(javaOptions(small, "executor"));
        assertThat(strings(resnet18.path("arguments"))).startsWith("train", "-c",
                "/opt/critdamp/conf/cifar10-resnet18-gpu.yaml");
    }

    @Test
    void theSetValuesReachThePlanAndThePods() throws Exception {
        JsonNode app = spec(YAML.readTree(render(APP, "-c", "conf/cifar10-small-cnn.yaml",
                "--set", "spark.workers=3", "--set", "model.kind=resnet20").manifest()));
        assertLimits(app, plan("conf/cifar10-small-cnn.yaml", "spark.workers=3", "model.kind=resnet20"), 3);
        assertThat(strings(app.path("arguments"))).endsWith("--set", "spark.workers=3", "--set", "model.kind=resnet20");
    }

    /** The sweep's grid varies momentum, learning rate and seed only: its largest point has its base's plan. */
    @Test
    void aSweepGetsThePlanOfItsBase() throws Exception {
        JsonNode sweep = spec(YAML.readTree(render(SWEEP, "-c", "conf/sweep-schedules.yaml").manifest()));
        assertLimits(sweep, plan("conf/cifar10-resnet18-gpu.yaml"), 4);
        assertThat(strings(sweep.path("arguments"))).startsWith("sweep", "-c", "/opt/critdamp/conf/sweep-schedules.yaml");
    }

    @Test
    void aConfigTheImageLacksOrAnUnknownPlaceholderIsRefused() throws Exception {
        Path outside = Files.writeString(tmp.resolve("x.yaml"), "model: {kind: small_cnn}\n");
        Rendered notInImage = render(APP, "-c", outside.toString());
        assertThat(notInImage.exitCode()).isEqualTo(2);
        assertThat(notInImage.err()).contains("not in the repository's conf/");

        Path template = Files.writeString(tmp.resolve("t.yaml"), Files.readString(REPO.resolve(APP))
                .replace("cores: 4", "cores: ${CRITDAMP_PLAN_CORES}"));
        Rendered unknown = render(template.toString(), "-c", "conf/cifar10-small-cnn.yaml");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown placeholder");
    }

    /** Driver and executor: heap and overhead from the plan, their sum the resident bound, JavaCPP's limits. */
    private static void assertLimits(JsonNode app, MemoryPlan plan, int executors) {
        for (String role : List.of("driver", "executor")) {
            JsonNode pod = app.path(role);
            assertThat(pod.path("memory").asText()).isEqualTo(MemoryPlan.jvmSize(plan.heapBytes()));
            assertThat(pod.path("memoryOverhead").asText()).isEqualTo(MemoryPlan.jvmSize(plan.overheadBytes()));
            assertThat(plan.heapBytes() + plan.overheadBytes()).isEqualTo(plan.residentBytes());
            assertThat(javaOptions(app, role).split(" ")).containsOnlyOnce(
                    "-Dorg.bytedeco.javacpp.maxbytes=" + MemoryPlan.jvmSize(plan.offHeapBytes()),
                    "-Dorg.bytedeco.javacpp.maxphysicalbytes=" + MemoryPlan.jvmSize(plan.residentBytes()));
        }
        assertThat(app.path("executor").path("instances").asInt()).isEqualTo(executors);
    }

    private static MemoryPlan plan(String config, String... overrides) {
        TrainConfig cfg = ConfigLoader.load(REPO.resolve(config).toString(), List.of(overrides), TrainConfig.class);
        return MemoryPlan.of(cfg);
    }

    /** The SparkApplication spec: the manifest's own, or a ScheduledSparkApplication's template. */
    private static JsonNode spec(JsonNode manifest) {
        JsonNode spec = manifest.path("spec");
        return spec.has("template") ? spec.path("template") : spec;
    }

    private static String javaOptions(JsonNode app, String role) {
        return app.path("sparkConf").path("spark." + role + ".extraJavaOptions").asText();
    }

    private static List<String> strings(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Runs deploy/k8s/render.sh from the repository root, memory-plan on this test's classpath. */
    private Rendered render(String template, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", REPO.resolve("deploy/k8s/render.sh").toString(), template));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile(tmp, "render", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(REPO.toFile()).redirectError(err.toFile());
        Map<String, String> env = pb.environment();
        env.put("CRITDAMP_PLAN_CLASSPATH", System.getProperty("java.class.path"));
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        Rendered r = new Rendered(rc, out, Files.readString(err));
        assertThat(rc == 0 || rc == 2).as(r.err()).isTrue();
        return r;
    }

    private record Rendered(int exitCode, String out, String err) {
        /** The rendered manifest, of a render that succeeded. */
        String manifest() {
            assertThat(exitCode).as(err).isZero();
            return out;
        }
    }
}
