package critdamp.spark.cli;

import critdamp.spark.sweep.LrStudy;
import critdamp.sweep.LrStudyConfig;
import critdamp.sweep.LrStudyResult;
import critdamp.sweep.LrStudyTables;
import critdamp.sweep.SweepPoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code critdamp lr-study}: each momentum schedule at its own best learning rate, chosen on validation accuracy, then
 * compared over seeds on the test set (issue #18). Resumable; see {@link LrStudy}.
 */
@Command(name = "lr-study", mixinStandardHelpOptions = true,
        description = {"Compare momentum schedules fairly: for each, a learning-rate grid (each rate a constant factor "
                + "above the previous, 6 or more to start) extended at an edge while the best final validation "
                + "accuracy or its basin reaches it, then more seeds at that rate; time to targets set relative to the best "
                + "schedule's final test accuracy.",
                "Validation accuracy chooses (rate, best schedule); test accuracy only measures. Writes study.md, "
                        + "study.csv, study.jsonl, study.html and report/lr-<schedule>.png in <resultsDir>/<name>, "
                        + "and every run as a sweep point (results.csv, report.html, points/).",
                "--set KEY=VALUE: a study key (search.points=3, seeds=[1], ceiling.epochs=20, name=x) or any "
                        + "train-config key for every run (training.epochs=2)."},
        footer = {"", "Examples:",
                "  critdamp lr-study -c conf/lr-study.yaml --dry-run     # schedules, start grid, estimated time",
                "  critdamp lr-study -c conf/lr-study.yaml --ceiling     # the long run alone (checks the budget)",
                "  critdamp lr-study -c conf/lr-study.yaml               # start the study (several sessions)",
                "  critdamp lr-study -c conf/lr-study.yaml --resume      # continue: nothing finished is rerun"})
public final class LrStudyCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "study file (YAML/JSON): a local path or a Hadoop URI")
    String config;

    @Mixin
    SweepOverrides overrides;

    @Option(names = "--resume", description = "continue <resultsDir>/<name>: train only the runs not finished")
    boolean resume;

    @Option(names = "--ceiling", description = "run (or finish) only the long ceiling run (ceiling: in the study file), "
            + "in the study folder: first, with a fixed schedule and rate, to check the budget; else after the study")
    boolean ceiling;

    @Option(names = "--dry-run", description = "show the schedules, the start grid and the estimated time; train "
            + "nothing")
    boolean dryRun;

    @Override
    public Integer call() {
        LrStudyConfig study = LrStudyConfig.load(config, overrides.all());
        LrStudy runner = new LrStudy(study, commandLine());
        List<SweepPoint> start = runner.startPoints();
        printPlan(study, start);
        if (dryRun) {
            start.forEach(p -> System.out.println("  " + p.label() + "  ->  points/" + p.name()));
            return 0;
        }
        LrStudy.Outcome outcome = ceiling ? runner.ceiling() : runner.run(resume);
        LrStudyResult r = outcome.result();
        List<String> header = LrStudyTables.header(r);
        for (List<String> row : LrStudyTables.rows(r)) {
            StringBuilder line = new StringBuilder(" ");
            for (int i = 0; i < row.size(); i++) {
                line.append(' ').append(header.get(i)).append(": ").append(row.get(i)).append(';');
            }
            System.out.println(line);
        }
        if (ceiling) {
            System.out.printf("RESULT lr-study %s: %s Table and page: study.md, study.html in %s%n", study.name(),
                    LrStudyTables.ceilingText(r), outcome.folder());
            return r.ceiling() != null && r.ceiling().done() ? 0 : 1;
        }
        System.out.printf("RESULT lr-study %s: %s; best schedule (validation) %s; study.md, study.html in %s%n",
                study.name(), r.complete() ? "complete" : "incomplete: a run failed (retried by --resume)",
                r.bestSchedule() == null ? "none yet" : r.bestSchedule(), outcome.folder());
        return r.complete() ? 0 : 1;
    }

    /** Schedules, grid, seeds and the estimated time. */
    private static void printPlan(LrStudyConfig study, List<SweepPoint> start) {
        int epochs = start.get(0).config().training().epochs();
        LrStudyConfig.Estimate e = study.estimate(epochs);
        System.out.printf("lr-study %s: %d schedules, start grid %s (x%s per step, up to %d more rates per "
                        + "schedule, %d rates at least), seeds %s (the first searches), base %s%n", study.name(),
                study.schedules().size(), study.search().startGrid().stream().map(LrStudyTables::fmtRate).toList(),
                LrStudyTables.fmtRate(study.search().factor()), study.search().maxExtensions(),
                study.search().minRates(), study.seeds(), study.base());
        study.schedules().forEach((name, settings) -> System.out.println("  " + name + ": " + settings));
        System.out.println("  budget: " + LrStudyResult.budget(start.get(0).config()));
        System.out.printf(Locale.ROOT, "estimate at %.0f s per epoch (secondsPerEpoch) x %d epochs = %.1f min per "
                        + "run: %d runs at least (%.1f h), ~%d expected (%.1f h), at most %d (%.1f h); ceiling run "
                        + "(--ceiling, %d epochs): %.1f h%n", study.secondsPerEpoch(), epochs, e.secondsPerRun() / 60,
                e.minRuns(), hours(e.minRuns(), e), e.expectedRuns(), hours(e.expectedRuns(), e), e.maxRuns(),
                hours(e.maxRuns(), e), study.ceiling().epochs(), e.ceilingSeconds() / 3600);
    }

    private static double hours(int runs, LrStudyConfig.Estimate e) {
        return runs * e.secondsPerRun() / 3600;
    }

    private String commandLine() {
        return "critdamp lr-study -c " + config + overrides.describe() + (resume ? " --resume" : "")
                + (ceiling ? " --ceiling" : "");
    }
}
