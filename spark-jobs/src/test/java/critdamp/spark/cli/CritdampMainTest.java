package critdamp.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.spark.testing.ConsoleCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

/**
 * The command line as users meet it: {@code --help} everywhere, bad config input as one clear line and exit code 2
 * (nothing trained, nothing written), the schedule preview, and a stage pointed at a folder that holds no run.
 */
class CritdampMainTest {
    @RegisterExtension
    final ConsoleCapture console = ConsoleCapture.perTest();

    @ParameterizedTest
    @ValueSource(strings = {"train", "attribute", "retrain", "pipeline", "sweep", "report", "schedule", "fetch-data"})
    void everyCommandHasHelp(String command) {
        assertThat(CritdampMain.execute(command, "--help")).isZero();
        assertThat(console.outText()).contains("Usage: critdamp " + command).contains("Examples:");
    }

    @Test
    void aMisspelledScheduleIsAConfigErrorWithASuggestion(@TempDir Path tmp) {
        int code = CritdampMain.execute("train", "-c", "../conf/cifar10-small-cnn.yaml",
                "--set", "momentum.kind=phisics", "--set", "run.resultsDir=" + tmp);
        assertThat(code).isEqualTo(ErrorHandler.USAGE);
        assertThat(console.errText()).contains("momentum.kind").contains("did you mean 'physics'");
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void unknownKeysAndBadValuesNameTheKey() {
        assertThat(CritdampMain.execute("train", "-c", "../conf/cifar10-small-cnn.yaml",
                "--set", "training.epohcs=3")).isEqualTo(ErrorHandler.USAGE);
        assertThat(console.errText()).contains("unknown key").contains("epohcs").contains("epochs");
        console.clear();
        assertThat(CritdampMain.execute("train", "-c", "../conf/cifar10-small-cnn.yaml",
                "--set", "learningRate.baseLr=-0.1")).isEqualTo(ErrorHandler.USAGE);
        assertThat(console.errText()).contains("learningRate.baseLr").contains("positive");
    }

    @Test
    void schedulePreviewShowsPhysicsMomentumAndItsClamping() {
        assertThat(CritdampMain.execute("schedule", "-c", "../conf/cifar10-small-cnn.yaml",
                "--set", "learningRate.baseLr=0.3", "--set", "learningRate.kind=constant")).isZero();
        // alpha = 0.3 > 1/4: 1 - 2*sqrt(0.3) < 0, clamped to muMin = 0 on every step
        assertThat(console.outText()).contains("clamped").contains("muMin").contains("0.0000");
    }

    @Test
    void aMistypedCommandIsOneLineWithTheNearestName() {
        assertThat(CritdampMain.execute("trian")).isEqualTo(ErrorHandler.USAGE);
        assertThat(console.err()).containsExactly(
                "critdamp: unknown command 'trian'; did you mean 'train'? (see critdamp --help)");
        assertThat(console.out()).isEmpty();
        console.clear();
        assertThat(CritdampMain.execute("xyzzy")).isEqualTo(ErrorHandler.USAGE);
        assertThat(console.err()).containsExactly("critdamp: unknown command 'xyzzy' (see critdamp --help)");
        console.clear();
        assertThat(CritdampMain.execute("train", "--extnd-epochs", "2")).isEqualTo(ErrorHandler.USAGE);
        assertThat(console.err()).containsExactly("critdamp train: unknown option '--extnd-epochs'; did you mean "
                + "'--extend-epochs'? (see critdamp train --help)");
    }

    @Test
    void aReportOfAMissingFolderSaysThereIsNoRunFolderThere(@TempDir Path tmp) throws Exception {
        Path missing = tmp.resolve("no-such-run");
        assertThat(CritdampMain.execute("report", missing.toString())).isEqualTo(ErrorHandler.USAGE);
        assertThat(console.err()).containsExactly("critdamp report: no run folder at file:" + missing);
        console.clear();
        assertThat(CritdampMain.execute("report", tmp.toString())).isEqualTo(ErrorHandler.USAGE);
        assertThat(console.err()).singleElement().asString().endsWith("is not a run folder: it holds no run.json");
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void extendEpochsExtendsAResumedRunOnly() {
        assertThat(CritdampMain.execute("train", "-c", "../conf/cifar10-small-cnn.yaml", "--extend-epochs", "2"))
                .isEqualTo(ErrorHandler.USAGE);
        assertThat(console.err()).containsExactly(
                "critdamp train: --extend-epochs extends a run: give it with --resume");
        console.clear();
        assertThat(CritdampMain.execute("train", "-c", "../conf/cifar10-small-cnn.yaml", "--resume",
                "--extend-epochs", "0")).isEqualTo(ErrorHandler.USAGE);
        assertThat(console.err()).containsExactly("critdamp train: --extend-epochs: a number of epochs >= 1, got 0");
    }

    @Test
    void helpStatesHowAnExtensionIsScheduled() {
        assertThat(CritdampMain.execute("train", "--help")).isZero();
        assertThat(console.outText().replaceAll("\\s+", " ")).contains("--extend-epochs=N")
                .contains(critdamp.train.RunExtensions.RULE);
    }

    @Test
    void aStageOnAMissingRunSaysSo(@TempDir Path tmp) {
        int code = CritdampMain.execute("attribute", "--run", tmp.resolve("no-such-run").toString());
        assertThat(code).isEqualTo(1);
        assertThat(console.errText()).contains("no-such-run");
    }
}
