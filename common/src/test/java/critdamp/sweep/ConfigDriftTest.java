package critdamp.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import critdamp.base.ConfigException;
import critdamp.base.Json;
import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

/**
 * A trained point's config against the one its edited file gives it now: a key that changes training is found with
 * its dotted path and both values, a logging or measurement key is not, and a config.json written before a key
 * existed reads with that key's default.
 */
class ConfigDriftTest {
    private static final String BASE = String.join("\n",
            "learningRate: {kind: step, baseLr: 0.05}", "momentum: {kind: physics}",
            "training: {epochs: 12, targetAccuracies: [0.5, 0.6]}", "");
    private static final SweepPoint POINT = new SweepPoint("momentum.kind-physics", Map.of("momentum.kind", "physics"),
            config());

    private static TrainConfig config(String... sets) {
        return ConfigLoader.parse(BASE, List.of(sets), TrainConfig.class);
    }

    @Test
    void aKeyThatChangesTrainingIsFoundWithItsPathAndBothValues() {
        ConfigDrift.Difference d = ConfigDrift.first(config("training.epochs=12"), config("training.epochs=20"))
                .orElseThrow();
        assertThat(d.key()).isEqualTo("training.epochs");
        assertThat(d.trained().asInt()).isEqualTo(12);
        assertThat(d.now().asInt()).isEqualTo(20);

        assertThat(ConfigDrift.first(config(), config("learningRate.milestones=[0.4, 0.75]")).orElseThrow().key())
                .as("a list compares as one value").isEqualTo("learningRate.milestones");
        assertThat(ConfigDrift.first(config(), config("data.maxTestRecords=500")).orElseThrow().key())
                .as("the test subset changes the measured accuracy").isEqualTo("data.maxTestRecords");
        assertThat(ConfigDrift.first(config(), config("spark.workers=4", "training.epochs=3")).orElseThrow().key())
                .as("the first in the config's order").isEqualTo("training.epochs");
        assertThat(ConfigDrift.first(config(), config())).isEmpty();
    }

    @Test
    void keysThatOnlyChangeWhatIsLoggedOrMeasuredAreNotDrift() {
        TrainConfig now = config("run.name=elsewhere", "run.resultsDir=/moved/points", "data.cacheDir=/other/cache",
                "data.fetchFrom=https://example.org/cifar", "training.targetAccuracies=[0.3]",
                "training.logEveryRounds=7", "training.checkpointEveryRounds=9", "training.keepCheckpoints=5",
                "spark.master=local[4]", "spark.collectTimings=true", "attribution.selection={kind: top_k, k: 2}",
                "retraining.epochs=[2, 3]", "retraining.randomArms=3");
        assertThat(ConfigDrift.first(config(), now)).isEmpty();
    }

    @Test
    void everyNeutralKeyNamesAKeyOfTheTrainConfig() {
        JsonNode tree = Json.mapper().valueToTree(config());
        for (String key : ConfigDrift.RESULT_NEUTRAL.keySet()) {
            JsonNode n = tree;
            for (String part : key.split("\\.")) {
                n = n.path(part);
            }
            assertThat(n.isMissingNode()).as(key).isFalse();
            assertThat(ConfigDrift.RESULT_NEUTRAL.get(key)).as(key + "'s reason").isNotBlank();
        }
    }

    @Test
    void checkRefusesWithOneLineNamingThePointTheKeyBothValuesAndTheWayOut() {
        String trained = Json.write(config());
        assertThatThrownBy(() -> ConfigDrift.check(POINT, "/s/points/p/config.json", trained,
                config("momentum.kind=constant", "training.epochs=20")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("resume refused: point momentum.kind=physics was trained with momentum.kind = physics "
                        + "(/s/points/p/config.json), the file now gives momentum.kind = constant, and its results "
                        + "would be compared as equals with runs trained otherwise: restore the file, or start a new "
                        + "study folder / name (name: or resultsDir:)");
        assertThatCode(() -> ConfigDrift.check(POINT, "f", trained, config("training.targetAccuracies=[0.9]")))
                .doesNotThrowAnyException();
    }

    @Test
    void aResumeWithMoreEpochsIsRefusedWithTheExtensionThatWouldDoIt() {
        assertThatThrownBy(() -> ConfigDrift.checkResume("runs/r", config(), config("training.epochs=15")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("resume refused: run runs/r was trained with training.epochs = 12 (its config.json), the "
                        + "config now gives training.epochs = 15, which would change the experiment part-way: to "
                        + "train 3 more epochs, keep training.epochs = 12 and add --extend-epochs 3 (see critdamp "
                        + "train --help for how they are scheduled), or train a new run (another run.name)");
    }

    @Test
    void aResumeWithAnyOtherTrainingKeyChangedIsRefusedNamingItAndBothValues() {
        assertThatThrownBy(() -> ConfigDrift.checkResume("runs/r", config(), config("learningRate.baseLr=0.1",
                "training.logEveryRounds=1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("learningRate.baseLr = 0.05 (its config.json)")
                .hasMessageContaining("the config now gives learningRate.baseLr = 0.1")
                .hasMessageEndingWith("restore learningRate.baseLr (in the file or by --set), or train a new run "
                        + "(another run.name)")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> ConfigDrift.checkResume("runs/r", config(), config("training.epochs=8")))
                .hasMessageContaining("training.epochs = 12").hasMessageContaining("training.epochs = 8")
                .hasMessageNotContaining("--extend-epochs");
        assertThatCode(() -> ConfigDrift.checkResume("runs/r", config(), config("training.logEveryRounds=1",
                "spark.master=local[4]", "run.resultsDir=/elsewhere", "training.keepCheckpoints=9")))
                .doesNotThrowAnyException();
    }

    @Test
    void aConfigJsonWrittenBeforeAKeyExistedReadsWithItsDefault() throws Exception {
        ObjectNode older = Json.mapper().valueToTree(config());
        ((ObjectNode) older.get("spark")).remove("averageUpdaterState");
        ((ObjectNode) older.get("model")).remove("format");
        assertThatCode(() -> ConfigDrift.check(POINT, "f", Json.write(older), config())).doesNotThrowAnyException();

        ((ObjectNode) older.get("training")).put("epochz", 3);
        assertThatThrownBy(() -> ConfigDrift.check(POINT, "/s/points/p/config.json", Json.write(older), config()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("/s/points/p/config.json: ")
                .hasMessageContaining("epochz");
    }
}
