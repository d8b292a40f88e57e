package critdamp.spark.sweep;

import critdamp.base.ConfigException;
import critdamp.config.TrainConfig;
import critdamp.report.LrStudyReport;
import critdamp.run.EpochRecord;
import critdamp.run.RunFiles;
import critdamp.run.RunFolder;
import critdamp.run.RunMetrics;
import critdamp.spark.train.SparkContexts;
import critdamp.sweep.LrStudyConfig;
import critdamp.sweep.LrStudyPlan;
import critdamp.sweep.LrStudyResult;
import critdamp.sweep.LrStudyTables;
import critdamp.sweep.PointResult;
import critdamp.sweep.PointStatus;
import critdamp.sweep.RateSearch;
import critdamp.sweep.SweepGrid;
import critdamp.sweep.SweepPoint;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Runs a learning-rate study (issue #18) in one Spark application and one study folder, {@code resultsDir/name}: a
 * growing list of sweep points ({@link Sweep}, one training run each, under {@code points/}), extended run by run as
 * {@link LrStudyPlan} asks: each schedule's rate search on the first seed, then the other seeds at its chosen rate,
 * schedule after schedule (the plan is derived again after every run).
 * After every round it writes the study's table ({@link LrStudyTables}) and page and charts ({@link LrStudyReport});
 * the sweep's own tables and report cover every run.
 *
 * <p>Resumable: {@code --resume} reopens the folder, the plan is derived again from what it holds, and only runs that
 * never finished are trained: a finished or diverged run is a result and is never rerun; a run that failed otherwise
 * is retried once per invocation; a run cut off mid-training continues from its last checkpoint ({@link Sweep}). A
 * resume whose study file now trains a run already in the folder differently is refused before anything is written
 * ({@link Sweep#checkTrainedConfigs}). The ceiling run ({@code --ceiling}, once the study is complete) is a one-point
 * sweep in {@code ceiling/}, checked alike when it is run again.
 */
public final class LrStudy {
    private static final Logger LOG = LoggerFactory.getLogger(LrStudy.class);
    /** The ceiling run's sweep folder, inside the study folder. */
    public static final String CEILING_DIR = "ceiling";
    static final List<String> KEYS = List.of(LrStudyConfig.SCHEDULE_KEY, LrStudyConfig.RATE_KEY,
            LrStudyConfig.SEED_KEY);

    private final LrStudyConfig config;
    private final String command;
    private final Map<LrStudyPlan.Run, SweepPoint> points = new HashMap<>();
    private final Map<LrStudyPlan.Run, LrStudyPlan.Observation> finished = new HashMap<>();

    public LrStudy(LrStudyConfig config, String command) {
        this.config = config;
        this.command = command;
    }

    /** What a study wrote: its folder and its result. */
    public record Outcome(String folder, LrStudyResult result) {
    }

    /** The start grid's points of every schedule, built and validated (the dry run lists them). */
    public List<SweepPoint> startPoints() {
        return config.schedules().keySet().stream().flatMap(s -> config.search().startGrid().stream()
                .map(r -> point(new LrStudyPlan.Run(s, r, config.searchSeed())))).toList();
    }

    /** Runs (or, with {@code resume}, continues) the study until every run it wants has finished or failed. */
    public Outcome run(boolean resume) {
        JavaSparkContext sc = context();
        try (RunFolder dir = open(sc, resume)) {
            return run(sc, dir);
        }
    }

    private Outcome run(JavaSparkContext sc, RunFolder dir) {
        Set<String> attempted = new HashSet<>();
        while (true) {
            Round round = round(sc, dir);
            write(dir, round, readCeiling(sc, dir, round));
            Set<String> next = new LinkedHashSet<>();
            for (LrStudyPlan.Run r : round.wanted()) {
                RateSearch.Outcome o = round.observe(r).outcome();
                if (o == RateSearch.Outcome.PENDING || o == RateSearch.Outcome.FAILED) {
                    next.add(point(r).name());
                }
            }
            next.removeAll(attempted); // a run that failed in this invocation waits for the next one
            if (next.isEmpty()) {
                return new Outcome(dir.toString(), write(dir, round, readCeiling(sc, dir, round)));
            }
            // one run per round, so the plan is derived again after each: a schedule's extensions and seeds come
            // before the next schedule's grid, and the schedules settle one after another
            String first = next.iterator().next();
            LOG.info("study {}: {} runs wanted, {} still to train; now {}", config.name(), round.wanted().size(),
                    next.size(), first);
            round.sweep().train(sc, dir, Set.of(first));
            attempted.add(first);
        }
    }

    /**
     * Runs (or finishes) the ceiling run only, in {@code ceiling/} of the study folder (created when absent, reopened
     * when present): with a fixed schedule and rate at any time, otherwise once the study has made its choices.
     *
     * @throws IllegalStateException when the ceiling needs a choice the study has not made yet
     */
    public Outcome ceiling() {
        JavaSparkContext sc = context();
        try (RunFolder dir = open(sc, studyExists(sc))) {
            Round round = round(sc, dir);
            SweepPoint p = ceilingPoint(round.result(config, null));
            if (p == null) {
                throw new IllegalStateException("ceiling (" + config.ceiling() + "): needs the study's choice of "
                        + (LrStudyConfig.Ceiling.BEST.equals(config.ceiling().schedule()) ? "the best schedule (a "
                        + "complete study)" : "the rate of " + config.ceiling().schedule()) + "; run the study "
                        + "first, or set ceiling.schedule and ceiling.learningRate");
            }
            boolean again = dir.exists(CEILING_DIR + "/" + RunFiles.RUN_JSON);
            new Sweep(CEILING_DIR, dir.root().toString(), ceilingKeys(), List.of(p), command, config).run(again);
            return new Outcome(dir.toString(), write(dir, round, readCeiling(sc, dir, round)));
        }
    }

    private JavaSparkContext context() {
        return SparkContexts.getOrCreate("critdamp-lr-study-" + config.name(),
                startPoints().get(0).config().spark().master(), startPoints().get(0).config().engine());
    }

    /** Whether the study folder holds a study ({@value RunFiles#RUN_JSON}). */
    private boolean studyExists(JavaSparkContext sc) {
        Path runJson = new Path(config.resultsDir(),
                config.name() + "/" + RunFiles.RUN_JSON);
        try {
            return runJson.getFileSystem(sc.hadoopConfiguration()).exists(runJson);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for " + runJson + ": " + e.getMessage(), e);
        }
    }

    /**
     * Claims the study folder, or reopens it ({@code resume}) once the runs it holds pass
     * {@link Sweep#checkTrainedConfigs} against the study file as it is now; records the command either way. The
     * folder returned holds its lease until closed (released here when a check fails).
     */
    private RunFolder open(JavaSparkContext sc, boolean resume) {
        RunFolder dir = RunFolder.open(sc.hadoopConfiguration(), config.resultsDir(), config.name(), resume);
        try {
            if (resume) {
                round(sc, dir).sweep().checkTrainedConfigs(dir);
            }
            Sweep.writeProvenance(dir, command, config, startPoints().stream().map(SweepPoint::label).toList(),
                    resume);
        } catch (RuntimeException | Error e) {
            dir.close();
            throw e;
        }
        LOG.info("learning-rate study {}: {} schedules in {}", config.name(), config.schedules().size(), dir);
        return dir;
    }

    /** Writes the study's table, page and charts. */
    private LrStudyResult write(RunFolder dir, Round round, PointResult ceiling) {
        LrStudyResult result = round.result(config, ceiling);
        LrStudyTables.write(dir, result);
        LrStudyReport.write(dir, config.name(), result, config.search().lowest(), config.search().factor());
        return result;
    }

    /**
     * The ceiling run's point: the configured schedule, or the best of a complete study, at the configured rate or
     * that schedule's chosen one, with the first seed, for {@code ceiling.epochs}; null while a needed choice is
     * not made.
     */
    private SweepPoint ceilingPoint(LrStudyResult result) {
        LrStudyConfig.Ceiling c = config.ceiling();
        boolean best = LrStudyConfig.Ceiling.BEST.equals(c.schedule());
        String schedule = best ? (result.complete() ? result.bestSchedule() : null) : c.schedule();
        if (schedule == null) {
            return null;
        }
        LrStudyResult.ScheduleRow row = result.row(schedule);
        double rate = c.learningRate() != null ? c.learningRate()
                : row.search().verdict().settled() ? row.chosenRate() : Double.NaN;
        if (!Double.isFinite(rate)) {
            return null;
        }
        return build(new LrStudyPlan.Run(schedule, rate, config.searchSeed()), c.epochs());
    }

    private static List<String> ceilingKeys() {
        List<String> keys = new ArrayList<>(KEYS);
        keys.add(LrStudyConfig.EPOCHS_KEY);
        return keys;
    }

    /** The ceiling run's row when its folder exists (null otherwise): a result shown with the study's table. */
    private PointResult readCeiling(JavaSparkContext sc, RunFolder dir, Round round) {
        if (!dir.exists(CEILING_DIR + "/" + RunFiles.RUN_JSON)) {
            return null;
        }
        SweepPoint p = ceilingPoint(round.result(config, null));
        if (p == null) {
            return null;
        }
        RunFolder folder = RunFolder.openToRead(sc.hadoopConfiguration(), dir.root().toString(), CEILING_DIR);
        Sweep ceiling = new Sweep(CEILING_DIR, dir.root().toString(), ceilingKeys(), List.of(p), command, config);
        return ceiling.results(sc, folder, Sweep.states(folder, List.of(p))).results().get(0);
    }

    /** What the study holds now: each schedule's search, the runs it wants, and their sweep. */
    private Round round(JavaSparkContext sc, RunFolder dir) {
        Map<String, PointStatus> states = Sweep.states(dir, List.of());
        Map<LrStudyPlan.Run, LrStudyPlan.Observation> seen = new HashMap<>();
        Function<LrStudyPlan.Run, LrStudyPlan.Observation> observe = run -> seen.computeIfAbsent(
                run, r -> observe(sc, dir, r, states));
        Map<String, RateSearch.Decision> searches = LrStudyPlan.searches(config, observe);
        List<LrStudyPlan.Run> wanted = LrStudyPlan.wanted(config, searches);
        Sweep sweep = new Sweep(config.name(), config.resultsDir(), KEYS, wanted.stream().map(this::point).toList(),
                command, config);
        return new Round(searches, wanted, sweep, observe, LrStudyResult.budget(startPoints().get(0).config()));
    }

    /** One round's state. */
    private record Round(Map<String, RateSearch.Decision> searches, List<LrStudyPlan.Run> wanted, Sweep sweep,
                         Function<LrStudyPlan.Run, LrStudyPlan.Observation> observe,
                         String budget) {
        LrStudyPlan.Observation observe(LrStudyPlan.Run run) {
            return observe.apply(run);
        }

        LrStudyResult result(LrStudyConfig config, PointResult ceiling) {
            return LrStudyResult.of(config, budget, searches, observe, ceiling);
        }
    }

    /** A run's observation: finished ones are read once and kept; the others from their state now. */
    private LrStudyPlan.Observation observe(JavaSparkContext sc, RunFolder dir, LrStudyPlan.Run run,
                                            Map<String, PointStatus> states) {
        LrStudyPlan.Observation known = finished.get(run);
        if (known != null) {
            return known;
        }
        SweepPoint p = point(run);
        PointStatus s = states.get(p.name());
        String folder = Sweep.POINTS_DIR + "/" + p.name();
        if ((s == null || !PointStatus.DONE.equals(s.status())) && dir.exists(folder + "/" + RunFiles.SUMMARY_JSON)) {
            s = new PointStatus(p.name(), p.label(), PointStatus.DONE, null, folder, null, 0);
        }
        List<EpochRecord> epochs = s != null && dir.exists(folder + "/" + RunFiles.RUN_JSON)
                ? RunMetrics.read(sc.hadoopConfiguration(), dir.resolve(folder).toString()).epochs() : List.of();
        LrStudyPlan.Observation o = LrStudyPlan.Observation.of(s, epochs);
        if (o.outcome() == RateSearch.Outcome.DONE || o.outcome() == RateSearch.Outcome.DIVERGED) {
            finished.put(run, o);
        }
        return o;
    }

    /** The point of {@code run}: the base with the overrides, the schedule's settings, the rate and the seed. */
    SweepPoint point(LrStudyPlan.Run run) {
        return points.computeIfAbsent(run, r -> build(r, null));
    }

    /**
     * {@code run}'s point, labelled by its values (and {@code epochs}, the ceiling's budget, when not null): the base
     * with the study file's overrides and the schedule's settings, then the run's rate and seed and the epochs as
     * typed copies.
     */
    private SweepPoint build(LrStudyPlan.Run run, Integer epochs) {
        Map<String, Object> settings = new LinkedHashMap<>(config.overrides());
        settings.putAll(config.schedules().get(run.schedule()));
        Map<String, Object> values = run.values();
        UnaryOperator<TrainConfig> derive = run::appliedTo;
        if (epochs != null) {
            values.put(LrStudyConfig.EPOCHS_KEY, epochs);
            derive = c -> run.appliedTo(c).withTraining(t -> t.withEpochs(epochs));
        }
        SweepPoint p = SweepGrid.point(config.base(), settings, values, derive);
        if (!(p.config().data().validationFraction() > 0)) {
            throw new ConfigException("study " + config.name() + ": data.validationFraction = "
                    + p.config().data().validationFraction() + ": the study chooses rates on validation accuracy, so "
                    + "it needs a validation split (> 0)");
        }
        return p;
    }
}
