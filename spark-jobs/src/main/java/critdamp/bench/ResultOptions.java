package critdamp.bench;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every bench subcommand shares: where results go and a free-form label for the run. */
public final class ResultOptions {
    @Option(names = "--results-dir", description = "results folder. Default: ${DEFAULT-VALUE}",
            defaultValue = "bench/results")
    Path resultsDir;

    @Option(names = "--label", description = "free-form label stored with the result (e.g. fast, default, A/B)",
            defaultValue = "")
    String label;

    /** A writer for the named result table. */
    ResultWriter writer(String table) {
        return new ResultWriter(resultsDir, table);
    }
}
