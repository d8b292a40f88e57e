package critdamp.sweep;

import critdamp.config.TrainConfig;
import critdamp.train.TargetTracker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * What a learning-rate study found: per schedule the rate chosen on validation accuracy, its basin, and the seeds'
 * final test accuracy at that rate with the epochs and wall time to each target. The targets are fractions of the best
 * schedule's mean final test accuracy, the best schedule being the one with the highest mean final validation
 * accuracy: validation chooses (rate, schedule), test measures (accuracy, time to a target).
 *
 * @param budget          the runs' training budget, in words (epochs, data, model)
 * @param searchSeed      the seed of the rate search
 * @param schedules       one row per schedule, in the config's order
 * @param bestSchedule    the schedule with the highest mean final validation accuracy at its chosen rate (null while
 *                        none has a finished seed)
 * @param targetFractions the targets as fractions of the best schedule's mean final test accuracy
 * @param targets         the targets as test accuracies (empty while there is no best schedule)
 * @param complete        every search settled and every seed run finished
 * @param ceiling         the long run measuring the network's plateau (null: not run)
 */
public record LrStudyResult(String budget, long searchSeed, List<ScheduleRow> schedules, String bestSchedule,
                            List<Double> targetFractions, List<Double> targets, boolean complete,
                            PointResult ceiling) {

    /**
     * One schedule's outcome.
     *
     * @param schedule              its name
     * @param search                its rate search (verdict, trials, best rate, basin)
     * @param seeds                 seed runs planned at the chosen rate (the search's included)
     * @param failed                seed runs that failed or diverged
     * @param finalValidationAccuracy mean ± sd over the finished seed runs
     * @param finalTestAccuracy     mean ± sd over the finished seed runs: the measurement
     * @param targets               per target test accuracy, epochs and seconds to reach it over the seed runs
     */
    public record ScheduleRow(String schedule, RateSearch.Decision search, int seeds, int failed,
                              SeedGroup.Stat finalValidationAccuracy, SeedGroup.Stat finalTestAccuracy,
                              List<SeedGroup.TargetStat> targets) {
        /** The chosen rate; NaN while none finished. */
        public double chosenRate() {
            return search.best() == null ? Double.NaN : search.best().rate();
        }
    }

    /** The result from each schedule's search and what {@code observe} says of each run. */
    public static LrStudyResult of(LrStudyConfig config, String budget, Map<String, RateSearch.Decision> searches,
                                   Function<LrStudyPlan.Run, LrStudyPlan.Observation> observe, PointResult ceiling) {
        Map<String, List<LrStudyPlan.Observation>> seedRuns = new LinkedHashMap<>();
        searches.forEach((schedule, d) -> {
            List<LrStudyPlan.Observation> runs = new ArrayList<>();
            if (d.verdict().settled() && d.best() != null) {
                config.seeds().forEach(s -> runs.add(observe.apply(new LrStudyPlan.Run(schedule, d.best().rate(), s))));
            }
            seedRuns.put(schedule, runs);
        });
        String best = null;
        double bestValidation = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, List<LrStudyPlan.Observation>> e : seedRuns.entrySet()) {
            double v = stat(e.getValue(), LrStudyPlan.Observation::finalValidationAccuracy).mean();
            if (Double.isFinite(v) && v > bestValidation) {
                best = e.getKey();
                bestValidation = v;
            }
        }
        List<Double> targets = new ArrayList<>();
        if (best != null) {
            double reference = stat(seedRuns.get(best), LrStudyPlan.Observation::finalTestAccuracy).mean();
            config.targetFractions().forEach(f -> targets.add(f * reference));
        }
        List<ScheduleRow> rows = new ArrayList<>();
        boolean complete = true;
        for (Map.Entry<String, RateSearch.Decision> e : searches.entrySet()) {
            List<LrStudyPlan.Observation> runs = seedRuns.get(e.getKey());
            complete &= e.getValue().verdict().settled() && runs.size() == config.seeds().size()
                    && runs.stream().noneMatch(o -> o.outcome() == RateSearch.Outcome.PENDING
                    || o.outcome() == RateSearch.Outcome.FAILED);
            rows.add(row(e.getKey(), e.getValue(), config.seeds().size(), runs, targets));
        }
        return new LrStudyResult(budget, config.searchSeed(), rows, best, config.targetFractions(),
                List.copyOf(targets), complete, ceiling);
    }

    private static ScheduleRow row(String schedule, RateSearch.Decision search, int seeds,
                                   List<LrStudyPlan.Observation> runs, List<Double> targets) {
        List<LrStudyPlan.Observation> done = runs.stream().filter(o -> o.outcome() == RateSearch.Outcome.DONE)
                .toList();
        int failed = (int) runs.stream().filter(o -> o.outcome() == RateSearch.Outcome.FAILED
                || o.outcome() == RateSearch.Outcome.DIVERGED).count();
        List<SeedGroup.TargetStat> ts = new ArrayList<>();
        for (double t : targets) {
            List<Double> epochs = new ArrayList<>();
            List<Double> seconds = new ArrayList<>();
            for (LrStudyPlan.Observation o : done) {
                TargetTracker tracker = new TargetTracker(List.of(t));
                o.epochs().forEach(e -> tracker.observe(e.epoch(), e.testAccuracy(), e.wallSeconds()));
                TargetTracker.Crossing c = tracker.crossings().get(0);
                if (c.reached()) {
                    epochs.add((double) c.epoch());
                    seconds.add(c.wallSeconds());
                }
            }
            ts.add(new SeedGroup.TargetStat(t, epochs.size(), done.size(), SeedGroup.Stat.of(epochs),
                    SeedGroup.Stat.of(seconds)));
        }
        return new ScheduleRow(schedule, search, seeds, failed,
                stat(done, LrStudyPlan.Observation::finalValidationAccuracy),
                stat(done, LrStudyPlan.Observation::finalTestAccuracy), ts);
    }

    private static SeedGroup.Stat stat(List<LrStudyPlan.Observation> runs,
                                       ToDoubleFunction<LrStudyPlan.Observation> f) {
        return SeedGroup.Stat.of(runs.stream().filter(o -> o.outcome() == RateSearch.Outcome.DONE)
                .map(f::applyAsDouble).toList());
    }

    /** The row of {@code schedule}, or null. */
    public ScheduleRow row(String schedule) {
        return schedules.stream().filter(r -> r.schedule().equals(schedule)).findFirst().orElse(null);
    }

    /** The runs' budget in words, from one run's config. */
    public static String budget(TrainConfig c) {
        String train = c.data().maxTrainRecords() == null ? "all training records"
                : "the first " + c.data().maxTrainRecords() + " training records";
        String test = c.data().maxTestRecords() == null ? "the whole test set"
                : c.data().maxTestRecords() + " test records";
        return String.format(Locale.ROOT, "%d epochs of %s on %s less %.0f%% validation, %s; %s, "
                        + "batch %d x %d workers, averaging every %d steps", c.training().epochs(),
                c.model().kind().configName(), train, 100 * c.data().validationFraction(), test,
                c.data().dataset().configName(), c.training().batchSize(), c.spark().workers(),
                c.spark().averagingFrequency());
    }
}
