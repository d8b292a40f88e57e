package critdamp.spark.cli;

import critdamp.report.RunReport;
import critdamp.run.RunFiles;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code critdamp report}: (re)writes the HTML report and charts of one or more run folders; needs no Spark. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write report.html (self-contained) and report/*.png into run folders.",
                "Reads config.json, epochs.jsonl, rounds.jsonl and, when present, attribution.json and retraining.json."},
        footer = {"", "Examples:", "  critdamp report runs/cifar10-small-cnn",
                "  critdamp report hdfs://nn/critdamp/runs/resnet20 s3a://bucket/runs/resnet18"})
public final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN_FOLDER", description = "run folder (local path or Hadoop URI)")
    List<String> folders;

    @Override
    public Integer call() {
        Configuration conf = new Configuration();
        folders.forEach(f -> requireRunFolder(conf, f));
        for (String f : folders) {
            RunReport.Written w = RunReport.write(conf, f);
            System.out.printf("%s/%s written (%d charts)%n", f, w.html(), w.pngs().size());
        }
        return 0;
    }

    /**
     * Fails, before any report is written, with one line for a path that holds no run folder.
     *
     * @throws UsageException naming the path: absent, or no {@value RunFiles#RUN_JSON} in it
     */
    static void requireRunFolder(Configuration conf, String folder) {
        Path dir = new Path(folder);
        try {
            FileSystem fs = dir.getFileSystem(conf);
            Path qualified = fs.makeQualified(dir);
            if (!fs.exists(qualified)) {
                throw new UsageException("no run folder at " + qualified);
            }
            if (!fs.exists(new Path(qualified, RunFiles.RUN_JSON))) {
                throw new UsageException(qualified + " is not a run folder: it holds no " + RunFiles.RUN_JSON);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder + ": " + e.getMessage(), e);
        }
    }
}
