package critdamp.spark.cli;

import critdamp.report.CompareReport;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code critdamp compare}: two or more runs overlaid on one self-contained, interactive HTML page; needs no Spark. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Write one self-contained HTML page comparing runs: accuracy (validation and test) against epoch "
                + "and wall time, loss, alpha and mu overlaid; their summaries; the config keys that differ.",
                "Charts are Chart.js, inlined: the page works offline."},
        footer = {"", "Examples:", "  critdamp compare runs/physics runs/constant",
                "  critdamp compare runs/a runs/b runs/c -o runs/compare-abc.html",
                "  critdamp compare hdfs://nn/critdamp/runs/a hdfs://nn/critdamp/runs/b -o hdfs://nn/critdamp/ab.html"})
public final class CompareCommand implements Callable<Integer> {
    @Parameters(arity = "2..*", paramLabel = "RUN_FOLDER", description = "run folders (local paths or Hadoop URIs)")
    List<String> folders;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = CompareReport.DEFAULT_OUTPUT,
            description = "the page to write (local path or Hadoop URI; default: ${DEFAULT-VALUE})")
    String output;

    @Override
    public Integer call() {
        String written = CompareReport.write(new Configuration(), folders, output);
        System.out.printf("compared %d runs: %s%n", folders.size(), written);
        return 0;
    }
}
