package critdamp.spark.pipeline;

import critdamp.run.RunFiles;
import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import critdamp.engine.EngineKind;
import critdamp.run.Checkpoints;
import critdamp.run.RunFolder;
import critdamp.spark.executor.Engines;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.util.List;

/**
 * A run folder written by {@code train}, reopened so a later stage (attribute, retrain) can start from it alone: the
 * config exactly as the run used it (plus stage overrides) and its newest checkpoint that passes the checksum, loaded
 * by the engine the config names ({@code engine}; a checkpoint of the other engine is refused in one line). The folder
 * is open to read; a stage that writes there takes its lease first ({@link RunFolder#acquire}). Closing it frees the
 * model's native memory (the torch engine's).
 *
 * @param folder     the run folder
 * @param config     {@code config.json} with the overrides applied
 * @param model      the restored network (optimizer state included)
 * @param checkpoint which checkpoint file it came from
 */
public record FinishedRun(RunFolder folder, TrainConfig config, TrainedModel model, String checkpoint)
        implements AutoCloseable {

    /**
     * Opens {@code runDir} (any Hadoop path); fails with the path when it holds no run or no usable checkpoint.
     *
     * @throws critdamp.engine.EngineMismatchException when the checkpoint was written by another engine than the
     *                                                 config's
     */
    public static FinishedRun open(Configuration conf, String runDir, List<String> overrides) {
        Path dir = new Path(runDir);
        String parent = dir.getParent() == null ? "." : dir.getParent().toString();
        RunFolder folder = RunFolder.openToRead(conf, parent, dir.getName());
        if (!folder.exists(RunFiles.CONFIG_JSON)) {
            throw new IllegalArgumentException(folder + " holds no config.json: not a critdamp run folder");
        }
        TrainConfig cfg = ConfigLoader.parse(folder.readString(RunFiles.CONFIG_JSON), overrides, TrainConfig.class);
        Checkpoints checkpoints = new Checkpoints(folder);
        if (cfg.engine() == EngineKind.DL4J) {
            Checkpoints.Loaded loaded = checkpoints.latestGood().orElseThrow(() -> noCheckpoint(folder));
            return new FinishedRun(folder, cfg, TrainedModel.of(loaded.model()), loaded.file());
        }
        Checkpoints.LoadedModel loaded = checkpoints.latestGood(Engines.of(cfg.engine()))
                .orElseThrow(() -> noCheckpoint(folder));
        return new FinishedRun(folder, cfg, TrainedModel.of(loaded.model(), cfg.optimizer()), loaded.file());
    }

    private static IllegalArgumentException noCheckpoint(RunFolder folder) {
        return new IllegalArgumentException(folder + "/checkpoints holds no checkpoint that passes its checksum");
    }

    @Override
    public void close() {
        model.close();
    }
}
