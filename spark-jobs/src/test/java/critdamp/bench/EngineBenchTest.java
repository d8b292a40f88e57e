package critdamp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.base.Json;
import critdamp.data.ChannelNormalization;
import critdamp.data.Cifar10Batches;
import critdamp.engine.Batch;
import critdamp.spark.cli.CritdampMain;
import critdamp.spark.testing.ConsoleCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The training benchmarks on either engine: {@code bench throughput --engine torch} and {@code bench resident} run the
 * torch engine on the same minibatches as DL4J and record the engine and its native library; a misspelled engine is one
 * line. Tiny runs on synthetic images (a few steps): a smoke test, not a measurement.
 */
class EngineBenchTest {
    @TempDir
    Path tmp;

    @Test
    void theTorchEnginesMinibatchesAreDl4jsValues() throws Exception {
        BenchRecords records = BenchRecords.load(tmp.resolve("none").toString(), 10);
        List<Batch> torch = records.engineBatches(4);
        List<DataSet> dl4j = Cifar10Batches.toDataSets(records.records(), 4, ChannelNormalization.CIFAR10, null, 0);
        assertThat(torch).as("full minibatches only").hasSize(2);
        for (int b = 0; b < torch.size(); b++) {
            assertThat(torch.get(b).features()).containsExactly(dl4j.get(b).getFeatures().dup().data().asFloat());
            int[] labels = dl4j.get(b).getLabels().argMax(1).toIntVector();
            assertThat(torch.get(b).labels()).containsExactly(labels);
        }
    }

    @Test
    void throughputOnTheTorchEngineRecordsTheEngineAndItsLibrary() throws Exception {
        try (ConsoleCapture console = new ConsoleCapture()) {
            assertThat(CritdampMain.execute("bench", "throughput", "--engine", "torch", "--model", "small_cnn",
                    "--batch", "8", "--images", "16", "--warmup", "1", "--seconds", "0.05", "--data",
                    tmp.resolve("none").toString(), "--results-dir", tmp.toString(), "--label", "test")).isZero();
            assertThat(console.out()).anyMatch(l -> l.startsWith("throughput torch small_cnn batch 8: ")
                    && l.contains("path libtorch") && l.contains("libtorch 2."));
        }
        Map<String, Object> row = lastRow(tmp.resolve("throughput.jsonl"));
        assertThat(row).containsEntry("engine", "torch").containsEntry("path", "libtorch")
                .containsEntry("batch", 8).containsEntry("data", "synthetic");
        assertThat((String) row.get("engineLibrary")).startsWith("libtorch 2.").contains("org.bytedeco:pytorch");
        assertThat((String) row.get("nativeLibrary")).endsWith("libjnitorch.so");
        assertThat((Double) row.get("img/s")).isPositive();
        assertThat(row.get("% of peak")).as("no ND4J peak measured for libtorch").isNull();
        assertThat(Files.readAllLines(tmp.resolve("throughput.md")).get(0))
                .startsWith("| model | engine | batch | path | img/s |");
    }

    @Test
    void residentMeasuresEachStage() throws Exception {
        try (ConsoleCapture console = new ConsoleCapture()) {
            assertThat(CritdampMain.execute("bench", "resident", "--engine", "torch", "--batch", "8", "--images", "16",
                    "--steps", "2", "--data", tmp.resolve("none").toString(), "--results-dir", tmp.toString()))
                    .isZero();
            assertThat(console.out()).anyMatch(l -> l.startsWith("resident torch small_cnn batch 8: JVM "));
        }
        Map<String, Object> row = lastRow(tmp.resolve("resident.jsonl"));
        assertThat(row).containsEntry("engine", "torch").containsEntry("steps", 2);
        assertThat((Double) row.get("RSS MiB")).isPositive();
        assertThat((Double) row.get("peak MiB")).isGreaterThanOrEqualTo((Double) row.get("RSS MiB"));
    }

    @Test
    void aMisspelledEngineIsOneLineWithTheNearestName() {
        try (ConsoleCapture console = new ConsoleCapture()) {
            assertThat(CritdampMain.execute("bench", "throughput", "--engine", "tourch", "--results-dir",
                    tmp.toString())).isEqualTo(2);
            assertThat(console.err()).hasSize(1);
            assertThat(console.err().get(0)).contains("engine").contains("did you mean 'torch'");
        }
        assertThat(tmp.resolve("throughput.jsonl")).doesNotExist();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> lastRow(Path jsonl) throws Exception {
        List<String> lines = Files.readAllLines(jsonl);
        return Json.mapper().readValue(lines.get(lines.size() - 1), Map.class);
    }
}
