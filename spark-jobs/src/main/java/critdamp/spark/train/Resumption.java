package critdamp.spark.train;

import critdamp.base.ConfigException;
import critdamp.config.ConfigFile;
import critdamp.config.TrainConfig;
import critdamp.run.RunFiles;
import critdamp.sweep.ConfigDrift;
import critdamp.train.RunExtensions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * What {@code train --resume} continues, decided before any Spark context starts and without writing anything: the
 * run folder's {@value RunFiles#CONFIG_JSON} against the config given now (file and {@code --set}). A key that
 * changes training and differs refuses the resume ({@link ConfigDrift#checkResume}); more epochs are asked for
 * explicitly ({@code --extend-epochs N}) and recorded ({@link RunExtensions}).
 *
 * <p>{@code training.epochs} as given may be the run's first length or its length after earlier extensions: a run
 * extended once resumes with the command it was started with.
 *
 * @param config    what the run trains with: the config given, with {@code training.epochs} the run's total
 * @param recorded  the run's {@value RunFiles#CONFIG_JSON} as it is to be after this command: rewritten only when
 *                  extended (its {@code training.epochs} then the new total)
 * @param extension the run's {@link RunExtensions#FILE} with this command's extension added; empty when not extending
 */
public record Resumption(TrainConfig config, TrainConfig recorded, Optional<RunExtensions> extension) {

    /**
     * Checks the resume of the run that {@code given} names ({@code run.resultsDir/run.name}), adding
     * {@code extendEpochs} epochs (0: none), for {@code command}.
     *
     * @throws ConfigException          one line naming the key and both values, when the config drifted
     * @throws IllegalArgumentException when there is no run to resume there
     */
    public static Resumption check(TrainConfig given, int extendEpochs, String command) {
        return check(ConfigFile.hadoopConfiguration(), given, extendEpochs, command);
    }

    static Resumption check(Configuration conf, TrainConfig given, int extendEpochs, String command) {
        if (extendEpochs < 0) {
            throw new IllegalArgumentException("--extend-epochs must be positive, got " + extendEpochs);
        }
        Folder folder = Folder.of(conf, given.run().resultsDir(), given.run().name());
        String configFile = folder.file(RunFiles.CONFIG_JSON);
        TrainConfig recorded = ConfigDrift.trainedConfig(configFile, folder.read(RunFiles.CONFIG_JSON)
                .orElseThrow(() -> new IllegalArgumentException("--resume: no run to resume at " + folder
                        + " (no " + RunFiles.CONFIG_JSON + ")")));
        int total = recorded.training().epochs();
        RunExtensions extensions = folder.read(RunExtensions.FILE)
                .map(json -> RunExtensions.parse(json, folder.file(RunExtensions.FILE)))
                .orElse(RunExtensions.none(total));
        int givenEpochs = given.training().epochs();
        TrainConfig asGiven = givenEpochs == extensions.scheduleEpochs() || givenEpochs == total
                ? given.withTraining(t -> t.withEpochs(total)) : given;
        ConfigDrift.checkResume(folder.toString(), recorded, asGiven);
        if (extendEpochs == 0) {
            return new Resumption(asGiven, recorded, Optional.empty());
        }
        int to = total + extendEpochs;
        return new Resumption(asGiven.withTraining(t -> t.withEpochs(to)),
                recorded.withTraining(t -> t.withEpochs(to)),
                Optional.of(extensions.plus(total, to, Instant.now().toString(), command)));
    }

    /** The run folder, read through Hadoop without opening it as a writer (which would take its lease). */
    private record Folder(FileSystem fs, Path dir) {
        static Folder of(Configuration conf, String resultsDir, String name) {
            Path base = new Path(resultsDir);
            try {
                FileSystem fs = base.getFileSystem(conf);
                return new Folder(fs, fs.makeQualified(new Path(base, name)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open run folder " + resultsDir + "/" + name + ": "
                        + e.getMessage(), e);
            }
        }

        String file(String relative) {
            return new Path(dir, relative).toString();
        }

        /** The file's text; empty when the folder does not hold it. */
        Optional<String> read(String relative) {
            Path file = new Path(dir, relative);
            try {
                if (!fs.exists(file)) {
                    return Optional.empty();
                }
                try (InputStream in = fs.open(file)) {
                    return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return dir.toString();
        }
    }
}
