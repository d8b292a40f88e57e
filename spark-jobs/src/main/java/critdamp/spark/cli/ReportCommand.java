package critdamp.spark.cli;

import critdamp.report.RunReport;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

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
        for (String f : folders) {
            RunReport.Written w = RunReport.write(conf, f);
            System.out.printf("%s/%s written (%d charts)%n", f, w.html(), w.pngs().size());
        }
        return 0;
    }
}
