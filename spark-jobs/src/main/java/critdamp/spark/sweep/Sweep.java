package critdamp.spark.sweep;

import critdamp.run.Checkpoints;
import critdamp.run.RunFiles;
import critdamp.base.Json;
import critdamp.config.SweepConfig;
import critdamp.report.RunReport;
import critdamp.report.SweepReport;
import critdamp.run.EpochRecord;
import critdamp.run.MetricsLog;
import critdamp.run.RunFolder;
import critdamp.run.RunMetrics;
import critdamp.sweep.ConfigDrift;
import critdamp.sweep.PointFolder;
import critdamp.sweep.PointResult;
import critdamp.sweep.PointStatus;
import critdamp.sweep.SeedGroup;
import critdamp.sweep.SweepPoint;
import critdamp.sweep.SweepTables;
import critdamp.spark.train.SparkContexts;
import critdamp.spark.train.TrainingRun;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a sweep's points one after the other in one Spark application: each point is an ordinary training run
 * ({@link TrainingRun}) in {@code <sweep folder>/points/<point name>}. A failing point is recorded (status failed and
 * its message; a diverging one as {@value PointStatus#DIVERGENCE}) and the sweep goes on. Progress goes to
 * {@code points.jsonl} after every state change, and the tables and report are rewritten after every point, so an
 * interrupted sweep shows what it has. Both name each point's run folder relative to the sweep folder
 * ({@link PointFolder}).
 *
 * <p>Resuming ({@code --resume}) skips points that are done (last state in {@code points.jsonl}, or a
 * {@code summary.json} in their run folder). A point interrupted while training (its last state running, e.g. the
 * session ended) continues from its last good checkpoint, as {@code train --resume} would, its clock and epochs
 * carried over; any other unfinished point (failed, or interrupted before its first checkpoint) runs again from
 * scratch, the folder of that earlier attempt moved to {@code attempts/<point name>-<k>} first, never deleted. The file is read again, so
 * before anything is written or trained, {@link #checkTrainedConfigs} refuses a resume whose file now gives a point
 * that already has a {@code config.json} another training ({@link ConfigDrift}: a key that changes the result, not
 * one that only changes what is logged or measured). A learning-rate study runs its growing list of points through
 * {@link #train} in its own, already open and checked folder.
 */
public final class Sweep {
    private static final Logger LOG = LoggerFactory.getLogger(Sweep.class);
    public static final String POINTS_DIR = PointFolder.POINTS_DIR;
    public static final String ATTEMPTS_DIR = "attempts";
    public static final String POINTS_LOG = "points.jsonl";

    private final String name;
    private final String resultsDir;
    private final List<String> keys;
    private final List<SweepPoint> points;
    private final String command;
    private final Object description;

    /**
     * @param config  the sweep
     * @param points  its points ({@code SweepGrid.expand(config)}), validated
     * @param command the command line, recorded in every point's provenance
     */
    public Sweep(SweepConfig config, List<SweepPoint> points, String command) {
        this(config.name(), config.resultsDir(), List.copyOf(config.grid().keySet()), points, command, config);
    }

    /**
     * @param name        the sweep folder's name
     * @param resultsDir  where the sweep folder is
     * @param keys        the points' value keys, in order: the tables' columns
     * @param points      the points, validated
     * @param command     the command line, recorded in every point's provenance
     * @param description what ran them (a sweep or study config), recorded in the sweep's provenance
     */
    public Sweep(String name, String resultsDir, List<String> keys, List<SweepPoint> points, String command,
                 Object description) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs at least one point");
        }
        this.name = name;
        this.resultsDir = resultsDir;
        this.keys = List.copyOf(keys);
        this.points = List.copyOf(points);
        this.command = command;
        this.description = description;
    }

    /**
     * What a sweep wrote: its folder, one row per point, the seed groups, and each point's epochs (points without a
     * run folder absent).
     */
    public record Outcome(String folder, List<PointResult> results, List<SeedGroup> groups,
                          Map<String, List<EpochRecord>> curves) {
        public long count(String status) {
            return results.stream().filter(r -> status.equals(r.status())).count();
        }
    }

    /**
     * Runs (or resumes) the sweep in its folder, {@code resultsDir/name}, holding the folder's lease throughout: a
     * second sweep on it refuses ({@link critdamp.run.RunFolderBusyException}).
     */
    public Outcome run(boolean resume) {
        JavaSparkContext sc = SparkContexts.getOrCreate("critdamp-sweep-" + name,
                points.get(0).config().spark().master(), points.get(0).config().engine());
        try (RunFolder dir = RunFolder.open(sc.hadoopConfiguration(), resultsDir, name, resume)) {
            if (resume) {
                checkTrainedConfigs(dir);
            }
            writeProvenance(dir, command, description, points.stream().map(SweepPoint::label).toList(), resume);
            Map<String, PointStatus> last = states(dir, points);
            Set<String> train = new LinkedHashSet<>();
            points.stream().filter(p -> !(resume && isDone(last.get(p.name())))).forEach(p -> train.add(p.name()));
            LOG.info("sweep {}: {} points in {}", name, points.size(), dir);
            return train(sc, dir, train);
        }
    }

    /**
     * Refuses to resume when the file now gives a point that already has a {@code config.json} (trained, or started,
     * in an earlier session) a config that trains differently: its results would sit in the tables beside points
     * trained otherwise as if they were alike.
     *
     * @throws critdamp.base.ConfigException naming the first such point, the key, both values and the way out
     */
    public void checkTrainedConfigs(RunFolder dir) {
        String pointsDir = dir.resolve(POINTS_DIR).toString();
        for (SweepPoint p : points) {
            String file = POINTS_DIR + "/" + p.name() + "/" + RunFiles.CONFIG_JSON;
            if (dir.exists(file)) {
                ConfigDrift.check(p, dir.resolve(file).toString(), dir.readString(file), p.configIn(pointsDir));
            }
        }
    }

    /** Writes what ran the sweep: run.json, or run-resumed-TIME.json when it continues. */
    public static void writeProvenance(RunFolder dir, String command, Object description, List<String> points,
                                       boolean resume) {
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("command", command);
        provenance.put("time", Instant.now().toString());
        provenance.put("sweep", description);
        provenance.put("points", points);
        dir.writeAtomically(resume ? "run-resumed-" + System.currentTimeMillis() + ".json" : RunFiles.RUN_JSON,
                Json.write(provenance));
    }

    /**
     * Trains the points named in {@code train}, in the sweep's order, in the open sweep folder {@code dir} (whose lease
     * the caller holds); the others keep the state they have. A point whose own run folder another live process holds
     * (e.g. a {@code train --resume} of it) is skipped with a warning, its state left as it was. The tables are
     * rewritten after every point and the report at the end.
     */
    public Outcome train(JavaSparkContext sc, RunFolder dir, Set<String> train) {
        MetricsLog<PointStatus> log = new MetricsLog<>(dir, POINTS_LOG);
        Map<String, PointStatus> last = states(dir, points);
        long doneEarlier = points.stream().filter(p -> !train.contains(p.name()) && isDone(last.get(p.name())))
                .count();
        if (doneEarlier > 0) {
            LOG.info("{} of {} points done earlier, skipped", doneEarlier, points.size());
        }
        int i = 0;
        for (SweepPoint p : points) {
            i++;
            if (!train.contains(p.name())) {
                continue;
            }
            Optional<String> holder = dir.inUseBy(POINTS_DIR + "/" + p.name());
            if (holder.isPresent()) {
                LOG.warn("[{}/{}] {}: skipped: its run folder is in use by {}; resume the sweep once that run has "
                        + "ended", i, points.size(), p.label(), holder.get());
                continue;
            }
            boolean resume = interruptedWithCheckpoint(dir, p, last.get(p.name()));
            if (!resume) {
                moveAsideEarlierAttempt(dir, p);
            }
            String folder = PointFolder.of(p.name());
            LOG.info("[{}/{}] {}: {}", i, points.size(), p.label(),
                    resume ? "continuing the interrupted attempt from its last checkpoint" : "training");
            PointStatus running = new PointStatus(p.name(), p.label(), PointStatus.RUNNING, null, folder,
                    Instant.now().toString(), 0);
            log.append(running);
            last.put(p.name(), running);
            PointStatus end = trainPoint(p, dir, folder, i, resume);
            log.append(end);
            last.put(p.name(), end);
            pointReport(sc, dir, end);
            writeTables(sc, dir, last, false);
        }
        return writeTables(sc, dir, last, true);
    }

    /**
     * Trains one point; its end state, a failure included (the sweep goes on). {@code folder}: the point's run folder
     * relative to {@code dir}; a done point records where its run actually went, relative too.
     */
    private PointStatus trainPoint(SweepPoint p, RunFolder dir, String folder, int i, boolean resume) {
        long t0 = System.nanoTime();
        try {
            TrainingRun.Outcome o = TrainingRun.run(p.configIn(dir.resolve(POINTS_DIR).toString()), resume,
                    command + "  [point " + p.label() + "]");
            LOG.info("[{}/{}] {}: {}", i, points.size(), p.label(), o.summaryLine());
            return new PointStatus(p.name(), p.label(), PointStatus.DONE, null,
                    dir.relativize(o.runFolder()), Instant.now().toString(), seconds(t0));
        } catch (RuntimeException e) {
            String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.warn("[{}/{}] {}: FAILED, going on with the next point: {}", i, points.size(), p.label(), msg);
            return new PointStatus(p.name(), p.label(), PointStatus.FAILED, msg, folder, Instant.now().toString(),
                    seconds(t0));
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * Each point's last state: its last line in {@code points.jsonl}, or done where its run folder holds a
     * {@code summary.json} (a run that finished after its sweep lost track of it). Points never started are absent.
     */
    public static Map<String, PointStatus> states(RunFolder dir, List<SweepPoint> points) {
        Map<String, PointStatus> last = new HashMap<>();
        for (String line : new MetricsLog<PointStatus>(dir, POINTS_LOG).lines()) {
            try {
                PointStatus s = Json.mapper().readValue(line, PointStatus.class);
                last.put(s.name(), s);
            } catch (IOException e) {
                throw new UncheckedIOException(POINTS_LOG + ": unreadable line: " + line, e);
            }
        }
        for (SweepPoint p : points) {
            if (!isDone(last.get(p.name())) && dir.exists(POINTS_DIR + "/" + p.name() + "/" + RunFiles.SUMMARY_JSON)) {
                last.put(p.name(), new PointStatus(p.name(), p.label(), PointStatus.DONE, null,
                        PointFolder.of(p.name()), Instant.now().toString(), 0));
            }
        }
        return last;
    }

    private static boolean isDone(PointStatus s) {
        return s != null && PointStatus.DONE.equals(s.status());
    }

    /**
     * Whether {@code p}'s earlier attempt was cut off while training (its last state running) and left a checkpoint
     * that verifies, so it can continue instead of starting over. A failed point never continues: it runs again.
     */
    private static boolean interruptedWithCheckpoint(RunFolder dir, SweepPoint p, PointStatus lastState) {
        String point = POINTS_DIR + "/" + p.name();
        if (lastState == null || !PointStatus.RUNNING.equals(lastState.status())
                || !dir.exists(point + "/" + RunFiles.RUN_JSON)) {
            return false;
        }
        RunFolder folder = RunFolder.openToRead(dir.fileSystem().getConf(), dir.resolve(POINTS_DIR).toString(),
                p.name());
        return new Checkpoints(folder).latestVerified().isPresent();
    }

    /** Moves the folder of an earlier, unfinished attempt of {@code p} to attempts/, so the new run gets the name. */
    private static void moveAsideEarlierAttempt(RunFolder dir, SweepPoint p) {
        Path folder = dir.resolve(POINTS_DIR + "/" + p.name());
        FileSystem fs = dir.fileSystem();
        try {
            if (!fs.exists(folder)) {
                return;
            }
            int k = 1;
            Path target;
            do {
                target = dir.resolve(ATTEMPTS_DIR + "/" + p.name() + "-" + k++);
            } while (fs.exists(target));
            fs.mkdirs(target.getParent());
            if (!fs.rename(folder, target)) {
                throw new IOException("rename returned false");
            }
            LOG.info("earlier attempt of {} moved to {}", p.label(), target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the earlier attempt " + folder + " aside: " + e.getMessage(), e);
        }
    }

    /** The point's own report; a report failure never fails the point. */
    private static void pointReport(JavaSparkContext sc, RunFolder dir, PointStatus s) {
        try {
            RunReport.write(sc.hadoopConfiguration(), dir.resolve(s.runFolder()).toString());
        } catch (RuntimeException e) {
            LOG.warn("no report for {}: {}", s.label(), e.getMessage());
        }
    }

    /** Each point's row from its state and run folder, without writing anything. */
    public Outcome results(JavaSparkContext sc, RunFolder dir, Map<String, PointStatus> last) {
        List<PointResult> results = new ArrayList<>();
        Map<String, List<EpochRecord>> curves = new LinkedHashMap<>();
        for (SweepPoint p : points) {
            PointStatus s = last.get(p.name());
            RunMetrics m = null;
            if (s != null && dir.exists(POINTS_DIR + "/" + p.name() + "/" + RunFiles.RUN_JSON)) {
                m = RunMetrics.read(sc.hadoopConfiguration(), dir.resolve(POINTS_DIR + "/" + p.name()).toString());
                curves.put(p.name(), m.epochs());
            }
            results.add(PointResult.of(p, s, m));
        }
        return new Outcome(dir.toString(), results, SeedGroup.of(results), curves);
    }

    private Outcome writeTables(JavaSparkContext sc, RunFolder dir, Map<String, PointStatus> last, boolean report) {
        Outcome o = results(sc, dir, last);
        SweepTables.write(dir, keys, o.results(), o.groups());
        if (report) {
            SweepReport.write(dir, name, keys, o.results(), o.groups(), o.curves());
        }
        return o;
    }
}
