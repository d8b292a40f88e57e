package critdamp.spark.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import critdamp.base.ConfigException;
import critdamp.base.Json;
import critdamp.config.TrainConfig;
import critdamp.train.RunExtensions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code train --resume} may continue, read from the run folder alone (no Spark): a key that changes training
 * refuses it, a neutral one does not, {@code --extend-epochs} gives the new total and its record, and a run extended
 * once resumes with the command it was started with.
 */
class ResumptionTest {
    @TempDir
    Path tmp;
    private Path run;

    private TrainConfig config(String... overrides) {
        return TrainingFixture.config(tmp.resolve("cifar"), tmp.resolve("runs"), "r", overrides);
    }

    @BeforeEach
    void aThreeEpochRun() throws Exception {
        run = Files.createDirectories(tmp.resolve("runs/r"));
        Files.writeString(run.resolve("config.json"), Json.write(config()));
    }

    @Test
    void aKeyThatChangesTrainingIsRefusedNamingItAndBothValues() {
        assertThatThrownBy(() -> Resumption.check(config("optimizer.weightDecay=0.001"), 0, "c"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("optimizer.weightDecay = 5.0E-4 (its config.json)")
                .hasMessageContaining("the config now gives optimizer.weightDecay = 0.001");
        assertThatThrownBy(() -> Resumption.check(config("training.epochs=5"), 0, "c"))
                .hasMessageContaining("training.epochs = 3").hasMessageContaining("training.epochs = 5")
                .hasMessageContaining("--extend-epochs 2");
    }

    @Test
    void neutralKeysResumeWithTheGivenValues() {
        Resumption r = Resumption.check(config("training.logEveryRounds=1", "spark.master=local[1]"), 0, "c");

        assertThat(r.config().training().logEveryRounds()).isEqualTo(1);
        assertThat(r.config().spark().master()).isEqualTo("local[1]");
        assertThat(r.config().training().epochs()).isEqualTo(3);
        assertThat(r.extension()).isEmpty();
    }

    @Test
    void anExtensionGivesTheNewTotalAndItsRecord() {
        Resumption r = Resumption.check(config(), 2, "critdamp train -c x --resume --extend-epochs 2");

        assertThat(r.config().training().epochs()).isEqualTo(5);
        assertThat(r.recorded().training().epochs()).isEqualTo(5);
        RunExtensions ext = r.extension().orElseThrow();
        assertThat(ext.scheduleEpochs()).isEqualTo(3);
        assertThat(ext.rule()).isEqualTo(RunExtensions.RULE);
        assertThat(ext.extensions()).singleElement().satisfies(e -> {
            assertThat(e.fromEpochs()).isEqualTo(3);
            assertThat(e.toEpochs()).isEqualTo(5);
            assertThat(e.command()).endsWith("--extend-epochs 2");
        });
    }

    @Test
    void anExtensionWithAnotherKeyChangedIsStillRefused() {
        assertThatThrownBy(() -> Resumption.check(config("learningRate.baseLr=0.1"), 2, "c"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("learningRate.baseLr = 0.05")
                .hasMessageContaining("learningRate.baseLr = 0.1");
        assertThatThrownBy(() -> Resumption.check(config("training.epochs=5"), 2, "c"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("training.epochs = 5");
    }

    @Test
    void anExtendedRunResumesWithTheCommandItStartedWithOrItsNewTotal() throws Exception {
        Resumption extended = Resumption.check(config(), 2, "c");
        Files.writeString(run.resolve(RunExtensions.FILE), extended.extension().orElseThrow().toJson());
        Files.writeString(run.resolve("config.json"), Json.write(extended.recorded()));

        assertThat(Resumption.check(config(), 0, "c").config().training().epochs()).isEqualTo(5);
        assertThat(Resumption.check(config("training.epochs=5"), 0, "c").config().training().epochs())
                .isEqualTo(5);
        assertThatThrownBy(() -> Resumption.check(config("training.epochs=7"), 0, "c"))
                .hasMessageContaining("keep training.epochs = 5 and add --extend-epochs 2");

        RunExtensions twice = Resumption.check(config(), 1, "c2").extension().orElseThrow();
        assertThat(twice.scheduleEpochs()).isEqualTo(3);
        assertThat(twice.extensions()).extracting(RunExtensions.Extension::toEpochs).containsExactly(5, 6);
    }

    @Test
    void noRunThereIsOneLine() {
        assertThatThrownBy(() -> Resumption.check(config("run.name=other"), 0, "c"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--resume: no run to resume at ").hasMessageEndingWith("(no config.json)");
    }
}
