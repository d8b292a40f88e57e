package critdamp.spark.cli;

import critdamp.base.Json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import critdamp.engine.EngineKind;
import critdamp.gpu.BackendChoice;
import critdamp.spark.testing.OwnSparkContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code attribute}, {@code retrain} and {@code pipeline} take their master as {@code train} does: spark-submit's
 * {@code spark.master} wins, then {@code --master}, then the config's {@code spark.master} (for a stage on a finished
 * run: the run folder's {@code config.json}). The last tests go through the real entry point with masters Spark
 * cannot parse, so the error names the master that reached the Spark context; they fail before any training. Its
 * own contexts: the commands must start Spark on the master they name.
 */
@ExtendWith(OwnSparkContext.class)
class StageMasterTest {
    private static final String CONFIG_MASTER = "bogus-from-config";

    @TempDir
    Path tmp;
    private Path run;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream stderr;

    @BeforeEach
    void runFolderWithAConfig() throws Exception {
        run = Files.createDirectories(tmp.resolve("runs").resolve("r"));
        Files.writeString(run.resolve("config.json"), Json.write(config(CONFIG_MASTER)));
        stderr = System.err;
        System.setErr(new PrintStream(err, true));
    }

    @AfterEach
    void restore() {
        System.setErr(stderr);
        System.clearProperty("spark.master");
        System.clearProperty(BackendChoice.ENGINE_PROPERTY);
    }

    private TrainConfig config(String master, String... overrides) {
        return ConfigLoader.parse(String.join("\n",
                "run: {name: r, resultsDir: '" + tmp.resolve("runs") + "'}",
                "learningRate: {kind: cosine, baseLr: 0.05}",
                "momentum: {kind: physics}",
                "spark: {master: '" + master + "'}"), List.of(overrides), TrainConfig.class);
    }

    /** The master a stage's Spark context starts on when spark-submit sets none. */
    private static String masterOf(Object command, String... args) {
        return parse(command, args).runConfig().spark().master();
    }

    private static RunStageOptions parse(Object command, String... args) {
        new CommandLine(command).parseArgs(args);
        return command instanceof AttributeCommand a ? a.options : ((RetrainCommand) command).options;
    }

    @Test
    void aStageTakesTheRunsConfigMasterThenMasterOption() {
        assertThat(masterOf(new AttributeCommand(), "--run", run.toString())).isEqualTo(CONFIG_MASTER);
        assertThat(masterOf(new RetrainCommand(), "--run", run + "/")).isEqualTo(CONFIG_MASTER);
        assertThat(masterOf(new AttributeCommand(), "--run", run.toString(), "--master", "local[3]"))
                .isEqualTo("local[3]");
        assertThat(masterOf(new RetrainCommand(), "--run", run.toString(), "--set", "spark.master=local[1]"))
                .isEqualTo("local[1]");
        assertThat(masterOf(new RetrainCommand(), "--run", run.toUri().toString())).isEqualTo(CONFIG_MASTER);
    }

    /**
     * A stage starts Spark for the engine that trained the run (its backends, and the executors' plugin): the engine
     * the context was prepared for is this JVM's {@link BackendChoice#ENGINE_PROPERTY}, set before Spark parses the
     * (bogus) master.
     */
    @Test
    void aStageStartsSparkForTheRunsEngine() throws Exception {
        Files.writeString(run.resolve("config.json"), Json.write(config(CONFIG_MASTER, "engine=torch")));
        assertThat(parse(new AttributeCommand(), "--run", run.toString()).runConfig().engine())
                .isEqualTo(EngineKind.TORCH);
        for (String stage : List.of("attribute", "retrain")) {
            System.clearProperty(BackendChoice.ENGINE_PROPERTY);
            assertThat(CritdampMain.execute(stage, "--run", run.toString())).isEqualTo(1);
            assertThat(System.getProperty(BackendChoice.ENGINE_PROPERTY)).as(stage).isEqualTo("torch");
        }
        Path yaml = Files.writeString(tmp.resolve("p.yaml"), Json.write(config("bogus-pipeline", "engine=torch")));
        System.clearProperty(BackendChoice.ENGINE_PROPERTY);
        assertThat(CritdampMain.execute("pipeline", "-c", yaml.toString())).isEqualTo(1);
        assertThat(System.getProperty(BackendChoice.ENGINE_PROPERTY)).as("pipeline").isEqualTo("torch");
    }

    @Test
    void aFolderWithoutConfigIsNamed() {
        String missing = tmp.resolve("nothing-here").toString();
        assertThatThrownBy(() -> masterOf(new AttributeCommand(), "--run", missing))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nothing-here")
                .hasMessageContaining("config.json");
    }

    @Test
    void attributeStartsSparkOnTheRunsMaster() {
        assertThat(CritdampMain.execute("attribute", "--run", run.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("Could not parse Master URL: '" + CONFIG_MASTER + "'");
    }

    @Test
    void retrainStartsSparkOnTheMasterOption() {
        assertThat(CritdampMain.execute("retrain", "--run", run.toString(), "--master", "bogus-from-option"))
                .isEqualTo(1);
        assertThat(err.toString()).contains("Could not parse Master URL: 'bogus-from-option'")
                .doesNotContain(CONFIG_MASTER);
    }

    @Test
    void sparkSubmitsMasterWinsOverTheOption() {
        System.setProperty("spark.master", "bogus-from-spark-submit");
        assertThat(CritdampMain.execute("attribute", "--run", run.toString(), "--master", "local[1]")).isEqualTo(1);
        assertThat(err.toString()).contains("Could not parse Master URL: 'bogus-from-spark-submit'");
    }

    @Test
    void aGoodMasterOptionGetsPastTheContext() {
        // local[1] starts; the stage then stops at the folder, which holds a config but no trained run
        assertThat(CritdampMain.execute("attribute", "--run", run.toString(), "--master", "local[1]")).isEqualTo(1);
        assertThat(err.toString()).doesNotContain("Master URL").contains("no run at");
    }

    @Test
    void pipelineStartsSparkOnItsConfigsMaster() throws Exception {
        Path yaml = Files.writeString(tmp.resolve("p.yaml"), Json.write(config("bogus-pipeline")));
        assertThat(CritdampMain.execute("pipeline", "-c", yaml.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("Could not parse Master URL: 'bogus-pipeline'");
    }
}
