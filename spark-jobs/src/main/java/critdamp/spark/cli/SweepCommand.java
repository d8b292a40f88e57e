package critdamp.spark.cli;

import critdamp.config.SweepConfig;
import critdamp.spark.sweep.Sweep;
import critdamp.sweep.PointResult;
import critdamp.sweep.PointStatus;
import critdamp.sweep.SeedGroup;
import critdamp.sweep.SweepGrid;
import critdamp.sweep.SweepPoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code critdamp sweep}: trains every combination of a grid of config values, one after the other in one Spark
 * application, and summarises them over seeds (results.csv, summary.csv, report.html in the sweep folder).
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Train every point of a grid of config values (cartesian product) in one Spark application.",
                "Each point is a normal run in <resultsDir>/<name>/points/<point>; a failing point is recorded and "
                        + "the sweep goes on. Writes results.csv/.jsonl (one row per point), summary.csv (mean and sd "
                        + "over run.seed) and report.html.",
                "--set name=, base=, resultsDir= set the sweep; --set grid.KEY=[v1,v2] replaces one grid axis; any "
                        + "other --set KEY=VALUE is a train-config override for every point."},
        footer = {"", "Examples:",
                "  critdamp sweep -c conf/sweep-schedules.yaml",
                "  critdamp sweep -c conf/sweep-lr.yaml --set training.epochs=2 --dry-run",
                "  critdamp sweep -c conf/sweep-schedules.yaml --set 'grid.run.seed=[1,2,3,4,5]' --set name=five-seeds",
                "  critdamp sweep -c conf/sweep-schedules.yaml --resume     # skip finished points, redo the others"})
public final class SweepCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "sweep file (YAML/JSON): a local path or a Hadoop URI (hdfs://, s3a://, file:)")
    String config;

    @Mixin
    SweepOverrides overrides;

    @Option(names = "--resume", description = "continue <resultsDir>/<name>: skip done points, re-run the others")
    boolean resume;

    @Option(names = "--dry-run", description = "list the points (configs validated) and stop")
    boolean dryRun;

    @Override
    public Integer call() {
        SweepConfig sweep = SweepConfig.load(config, overrides.all());
        List<SweepPoint> points = SweepGrid.expand(sweep);
        System.out.printf("sweep %s: %d points (base %s)%n", sweep.name(), points.size(), sweep.base());
        if (dryRun) {
            points.forEach(p -> System.out.println("  " + p.label() + "  ->  points/" + p.name()));
            return 0;
        }
        Sweep.Outcome outcome = new Sweep(sweep, points, commandLine()).run(resume);
        for (PointResult r : outcome.results()) {
            System.out.printf(Locale.ROOT, "  %-7s %-50s final validation %.4f, test %.4f%s%n", r.status(),
                    r.label(), r.finalValidationAccuracy(), r.finalTestAccuracy(),
                    r.error() == null ? "" : "  " + r.error());
        }
        for (SeedGroup g : outcome.groups()) {
            System.out.printf(Locale.ROOT, "  %-50s n=%d final validation %.4f ± %.4f, test %.4f ± %.4f%n",
                    g.label(), g.n(), g.finalValidationAccuracy().mean(), g.finalValidationAccuracy().sd(),
                    g.finalTestAccuracy().mean(), g.finalTestAccuracy().sd());
        }
        long failed = outcome.count(PointStatus.FAILED);
        System.out.printf("RESULT sweep %s: %d done, %d failed; tables and report.html in %s%n", sweep.name(),
                outcome.count(PointStatus.DONE), failed, outcome.folder());
        return failed == 0 ? 0 : 1;
    }

    private String commandLine() {
        return "critdamp sweep -c " + config + overrides.describe() + (resume ? " --resume" : "");
    }
}
