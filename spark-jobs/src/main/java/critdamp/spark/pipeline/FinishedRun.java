package critdamp.spark.pipeline;

import critdamp.run.RunFiles;
import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import critdamp.run.Checkpoints;
import critdamp.run.RunFolder;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.List;

/**
 * A run folder written by {@code train}, reopened so a later stage (attribute, retrain) can start from it alone: the
 * config exactly as the run used it (plus stage overrides) and its newest checkpoint that passes the checksum. The
 * folder is open to read; a stage that writes there takes its lease first ({@link RunFolder#acquire}).
 *
 * @param folder     the run folder
 * @param config     {@code config.json} with the overrides applied
 * @param model      the restored network (updater state included)
 * @param checkpoint which checkpoint file it came from
 */
public record FinishedRun(RunFolder folder, TrainConfig config, ComputationGraph model, String checkpoint) {

    /** Opens {@code runDir} (any Hadoop path); fails with the path when it holds no run or no usable checkpoint. */
    public static FinishedRun open(Configuration conf, String runDir, List<String> overrides) {
        Path dir = new Path(runDir);
        String parent = dir.getParent() == null ? "." : dir.getParent().toString();
        RunFolder folder = RunFolder.openToRead(conf, parent, dir.getName());
        if (!folder.exists(RunFiles.CONFIG_JSON)) {
            throw new IllegalArgumentException(folder + " holds no config.json: not a critdamp run folder");
        }
        TrainConfig cfg = ConfigLoader.parse(folder.readString(RunFiles.CONFIG_JSON), overrides, TrainConfig.class);
        Checkpoints.Loaded loaded = new Checkpoints(folder).latestGood().orElseThrow(() ->
                new IllegalArgumentException(folder + "/checkpoints holds no checkpoint that passes its checksum"));
        return new FinishedRun(folder, cfg, loaded.model(), loaded.file());
    }
}
