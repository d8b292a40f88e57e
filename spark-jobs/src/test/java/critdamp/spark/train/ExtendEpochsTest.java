package critdamp.spark.train;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.base.Json;
import critdamp.config.TrainConfig;
import critdamp.run.RoundRecord;
import critdamp.spark.cli.CritdampMain;
import critdamp.spark.testing.ConsoleCapture;
import critdamp.spark.testing.SharedSpark;
import critdamp.train.RunExtensions;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code train --resume} of a finished 2-epoch run through the command line: a changed training key is refused in
 * one line with nothing written; {@code --extend-epochs 1} (with neutral keys changed) trains a third epoch at the
 * alpha and mu of the schedule's last round, keeps every earlier round as it was, and records the extension.
 */
@ExtendWith(SharedSpark.class)
class ExtendEpochsTest {
    @TempDir
    static Path tmp;

    @Test
    void driftIsRefusedAndAnExtensionHoldsTheScheduleEnd(JavaSparkContext sc) throws Exception {
        Path data = TrainingFixture.writeData(tmp.resolve("cifar"), 64, 100);
        TrainConfig cfg = TrainingFixture.config(data, tmp.resolve("runs"), "ext", "training.epochs=2");
        Path configFile = Files.writeString(tmp.resolve("ext.json"), Json.write(cfg));
        TrainingRun.run(cfg, false, "test");
        Path run = tmp.resolve("runs/ext");
        List<RoundRecord> trained = TrainingFixture.rounds(run);
        Map<String, String> before = files(run);

        ConsoleCapture refused = new ConsoleCapture();
        try (refused) {
            assertThat(CritdampMain.execute("train", "-c", configFile.toString(), "--set", "training.epochs=3",
                    "--resume")).isEqualTo(2);
            assertThat(CritdampMain.execute("train", "-c", configFile.toString(), "--set",
                    "momentum.kind=constant", "--resume", "--extend-epochs", "1")).isEqualTo(2);
        }
        assertThat(refused.err()).hasSize(2);
        assertThat(refused.err().get(0)).startsWith("critdamp: config error: resume refused: run ")
                .contains("training.epochs = 2 (its config.json)", "training.epochs = 3", "--extend-epochs 1");
        assertThat(refused.err().get(1)).contains("momentum.kind = physics", "momentum.kind = constant");
        assertThat(files(run)).as("nothing written").isEqualTo(before);

        assertThat(CritdampMain.execute("train", "-c", configFile.toString(), "--set", "training.logEveryRounds=1",
                "--set", "training.targetAccuracies=[0.3]", "--resume", "--extend-epochs", "1")).isZero();

        List<RoundRecord> rounds = TrainingFixture.rounds(run);
        int perEpoch = trained.size() / 2;
        assertThat(rounds).hasSize(3 * perEpoch);
        assertThat(rounds.subList(0, trained.size())).as("the trained rounds are kept as they were")
                .isEqualTo(trained);
        RoundRecord last = trained.get(trained.size() - 1);
        assertThat(trained.get(trained.size() - 2).alpha()).as("cosine: alpha falls to the end")
                .isGreaterThan(last.alpha());
        for (RoundRecord r : rounds.subList(trained.size(), rounds.size())) {
            assertThat(r.epoch()).isEqualTo(2);
            assertThat(r.alpha()).as("alpha in the added epoch").isEqualTo(last.alpha());
            assertThat(r.mu()).as("mu in the added epoch").isEqualTo(last.mu());
        }
        assertThat(TrainingFixture.epochs(run)).extracting(e -> e.epoch()).containsExactly(1, 2, 3);
        assertThat(Json.mapper().readTree(run.resolve("config.json").toFile()).path("training").path("epochs")
                .asInt()).isEqualTo(3);
        RunExtensions ext = RunExtensions.parse(Files.readString(run.resolve(RunExtensions.FILE)), "test");
        assertThat(ext.scheduleEpochs()).isEqualTo(2);
        assertThat(ext.rule()).isEqualTo(RunExtensions.RULE);
        assertThat(ext.extensions()).singleElement().satisfies(e -> {
            assertThat(e.fromEpochs()).isEqualTo(2);
            assertThat(e.toEpochs()).isEqualTo(3);
            assertThat(e.command()).endsWith("--resume --extend-epochs 1");
        });
    }

    /** Every file under {@code dir} (relative name) with its content. */
    private static Map<String, String> files(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                files.put(dir.relativize(f).toString(), new String(Files.readAllBytes(f),
                        java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return files;
    }
}
