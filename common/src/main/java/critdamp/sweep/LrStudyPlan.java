package critdamp.sweep;

import critdamp.config.TrainConfig;
import critdamp.run.EpochRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which runs a learning-rate study wants, given what its runs reached so far: per schedule, the rate search on the
 * first seed ({@link RateSearch}: the start grid and each extension it asks for), then the other seeds at the chosen
 * rate once the search is settled. A pure function of the observations, so a resumed study re-derives the same runs
 * from what its folder holds and reruns nothing that finished.
 */
public final class LrStudyPlan {
    private LrStudyPlan() {
    }

    /** One run of the study: a schedule at a rate with a seed. */
    public record Run(String schedule, double rate, long seed) {
        /** Its label values, in the order they name its folder: schedule, rate, seed. */
        public Map<String, Object> values() {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put(LrStudyConfig.SCHEDULE_KEY, schedule);
            v.put(LrStudyConfig.RATE_KEY, rate);
            v.put(LrStudyConfig.SEED_KEY, seed);
            return v;
        }

        /**
         * This run's config: {@code schedule}'s (the base with the study's overrides and the schedule's settings) at
         * this run's rate and seed.
         */
        public TrainConfig appliedTo(TrainConfig schedule) {
            return schedule.copy().learningRate(lr -> lr.withBaseLr(rate)).run(r -> r.withSeed(seed)).build();
        }
    }

    /**
     * What a run reached.
     *
     * @param outcome                 how it ended ({@link RateSearch.Outcome#PENDING}: not run, or interrupted)
     * @param finalValidationAccuracy validation accuracy after its last epoch: what the search reads
     * @param finalTestAccuracy       test accuracy after its last epoch: the measurement
     * @param epochs                  its epochs, for the time to each target test accuracy
     */
    public record Observation(RateSearch.Outcome outcome, double finalValidationAccuracy, double finalTestAccuracy,
                              List<EpochRecord> epochs) {
        public static final Observation PENDING = new Observation(RateSearch.Outcome.PENDING, Double.NaN, Double.NaN,
                List.of());

        public Observation {
            epochs = List.copyOf(epochs);
        }

        /**
         * A run's observation from its last state in the study's {@code points.jsonl} (null: never started) and its
         * epochs: done, diverged, failed otherwise, or pending (never started, or interrupted while running).
         */
        public static Observation of(PointStatus status, List<EpochRecord> epochs) {
            if (status == null || PointStatus.RUNNING.equals(status.status())) {
                return PENDING;
            }
            if (status.diverged()) {
                return new Observation(RateSearch.Outcome.DIVERGED, Double.NaN, Double.NaN, epochs);
            }
            if (!PointStatus.DONE.equals(status.status())) {
                return new Observation(RateSearch.Outcome.FAILED, Double.NaN, Double.NaN, epochs);
            }
            EpochRecord last = epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
            return new Observation(RateSearch.Outcome.DONE, last == null ? Double.NaN : last.validationAccuracy(),
                    last == null ? Double.NaN : last.testAccuracy(), epochs);
        }
    }

    /** Each schedule's search, in the config's order, from what {@code observe} says of each run. */
    public static Map<String, RateSearch.Decision> searches(LrStudyConfig config,
                                                           Function<Run, Observation> observe) {
        Map<String, RateSearch.Decision> out = new LinkedHashMap<>();
        for (String schedule : config.schedules().keySet()) {
            out.put(schedule, search(config, schedule, observe));
        }
        return out;
    }

    /**
     * One schedule's search: the start grid, plus each extension the search asked for that has run, decided again
     * until it asks for rates not run yet (which the decision's {@code next} then holds) or is settled.
     */
    static RateSearch.Decision search(LrStudyConfig config, String schedule, Function<Run, Observation> observe) {
        List<Double> rates = new ArrayList<>(config.search().startGrid());
        while (true) {
            RateSearch.Decision d = RateSearch.decide(config.search(), trials(config, schedule, rates, observe));
            boolean nextRan = !d.next().isEmpty() && d.next().stream().allMatch(r ->
                    observe.apply(new Run(schedule, r, config.searchSeed())).outcome() != RateSearch.Outcome.PENDING);
            if (!nextRan) {
                return d;
            }
            rates.addAll(d.next());
        }
    }

    private static List<RateSearch.Trial> trials(LrStudyConfig config, String schedule, List<Double> rates,
                                                 Function<Run, Observation> observe) {
        List<RateSearch.Trial> trials = new ArrayList<>();
        for (double r : rates) {
            Observation o = observe.apply(new Run(schedule, r, config.searchSeed()));
            trials.add(new RateSearch.Trial(r, o.outcome(), o.finalValidationAccuracy()));
        }
        return trials;
    }

    /**
     * Every run the study wants now, in run order: per schedule its search's rates ascending (tried and next), then,
     * once its search is settled, the other seeds at its best rate.
     */
    public static List<Run> wanted(LrStudyConfig config, Map<String, RateSearch.Decision> searches) {
        List<Run> runs = new ArrayList<>();
        searches.forEach((schedule, d) -> {
            List<Double> rates = new ArrayList<>(d.trials().stream().map(RateSearch.Trial::rate).toList());
            rates.addAll(d.next());
            rates.stream().sorted().forEach(r -> runs.add(new Run(schedule, r, config.searchSeed())));
            if (d.verdict().settled() && d.best() != null) {
                config.seeds().stream().skip(1).forEach(s -> runs.add(new Run(schedule, d.best().rate(), s)));
            }
        });
        return runs;
    }
}
