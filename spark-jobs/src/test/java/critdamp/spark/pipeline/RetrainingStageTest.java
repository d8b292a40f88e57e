package critdamp.spark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import critdamp.base.Json;
import critdamp.config.ConfigLoader;
import critdamp.config.RetrainingSpec;
import critdamp.config.TrainConfig;
import critdamp.run.RunFiles;
import critdamp.run.RunFolder;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

/**
 * The run folder records the retraining that ran: a {@code retrain --set retraining.baseLr=[...]} grid replaces the
 * one training wrote into {@code config.json}, every other section stays as training used it (no Spark needed).
 */
class RetrainingStageTest {
    private static final TrainConfig TRAINED = ConfigLoader.parse(String.join("\n",
            "run: {name: r, seed: 3}", "optimizer: {kind: adam}", "learningRate: {kind: cosine, baseLr: 0.002}",
            "momentum: {kind: constant}", "training: {epochs: 10}",
            "retraining: {epochs: [1, 2], baseLr: [0.01, 0.003, 0.001, 0.0003]}"), List.of(), TrainConfig.class);

    @TempDir
    Path tmp;

    @Test
    void configJsonRecordsTheRetrainingGridThatRanNotTheOneTrainingWrote() {
        RunFolder folder = folderWith(Json.write(TRAINED));
        // what bench/run-correction.sh passes for Adam: retrain --run DIR --set retraining.baseLr=[...]
        TrainConfig effective = ConfigLoader.parse(Json.write(TRAINED),
                List.of("retraining.baseLr=[0.001,0.0003,0.0001,0.00003]"), TrainConfig.class);

        RetrainingStage.recordRetraining(folder, effective.retraining());

        TrainConfig recorded = ConfigLoader.parse(folder.readString(RunFiles.CONFIG_JSON), List.of(),
                TrainConfig.class);
        assertThat(recorded.retraining().baseLr()).containsExactly(0.001, 0.0003, 0.0001, 0.00003);
        assertThat(recorded.retraining().epochs()).containsExactly(1, 2);
        assertThat(recorded).isEqualTo(effective);
        assertThat(recorded.withRetraining(TRAINED.retraining())).as("nothing else changed").isEqualTo(TRAINED);
    }

    @Test
    void anUnchangedGridLeavesConfigJsonAsItWas() {
        String written = Json.write(TRAINED) + "\n";
        RunFolder folder = folderWith(written);
        RetrainingStage.recordRetraining(folder, new RetrainingSpec(List.of(1, 2), List.of(0.01, 0.003, 0.001, 0.0003),
                null, null, null));
        assertThat(folder.readString(RunFiles.CONFIG_JSON)).isEqualTo(written);
    }

    private RunFolder folderWith(String configJson) {
        RunFolder folder = RunFolder.open(new Configuration(), tmp.toString(), "run", false);
        folder.writeAtomically(RunFiles.CONFIG_JSON, configJson);
        return folder;
    }
}
