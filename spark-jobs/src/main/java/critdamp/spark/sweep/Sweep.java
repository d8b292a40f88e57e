package critdamp.spark.sweep;

import critdamp.run.RunFiles;
import critdamp.base.Json;
import critdamp.config.SweepConfig;
import critdamp.report.RunReport;
import critdamp.report.SweepReport;
import critdamp.run.EpochRecord;
import critdamp.run.MetricsLog;
import critdamp.run.RunFolder;
import critdamp.run.RunMetrics;
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
import java.util.List;
import java.util.Map;

/**
 * Runs a sweep's points one after the other in one Spark application: each point is an ordinary training run
 * ({@link TrainingRun}) in {@code <sweep folder>/points/<point name>}. A failing point is recorded (status failed and
 * its message) and the sweep goes on. Progress goes to {@code points.jsonl} after every state change, and the tables
 * and report are rewritten after every point, so an interrupted sweep shows what it has.
 *
 * <p>Resuming ({@code --resume}) skips points that are done (last state in {@code points.jsonl}, or a
 * {@code summary.json} in their run folder) and runs the others again from scratch; the folder of an earlier,
 * unfinished attempt is moved to {@code attempts/<point name>-<k>} first, never deleted.
 */
public final class Sweep {
    private static final Logger LOG = LoggerFactory.getLogger(Sweep.class);
    public static final String POINTS_DIR = "points";
    public static final String ATTEMPTS_DIR = "attempts";
    public static final String POINTS_LOG = "points.jsonl";

    private final SweepConfig config;
    private final List<SweepPoint> points;
    private final String command;

    /**
     * @param config  the sweep
     * @param points  its points ({@code SweepGrid.expand(config)}), validated
     * @param command the command line, recorded in every point's provenance
     */
    public Sweep(SweepConfig config, List<SweepPoint> points, String command) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs at least one point");
        }
        this.config = config;
        this.points = List.copyOf(points);
        this.command = command;
    }

    /** What a sweep wrote: its folder, one row per point and the seed groups. */
    public record Outcome(String folder, List<PointResult> results, List<SeedGroup> groups) {
        public long count(String status) {
            return results.stream().filter(r -> status.equals(r.status())).count();
        }
    }

    /** Runs (or resumes) the sweep. */
    public Outcome run(boolean resume) {
        JavaSparkContext sc = SparkContexts.getOrCreate("critdamp-sweep-" + config.name(),
                points.get(0).config().spark().master());
        RunFolder dir = RunFolder.open(sc.hadoopConfiguration(), config.resultsDir(), config.name(), resume);
        String pointsDir = dir.resolve(POINTS_DIR).toString();
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("command", command);
        provenance.put("time", Instant.now().toString());
        provenance.put("sweep", config);
        provenance.put("points", points.stream().map(SweepPoint::label).toList());
        dir.writeAtomically(resume ? "run-resumed-" + System.currentTimeMillis() + ".json" : RunFiles.RUN_JSON,
                Json.write(provenance));
        MetricsLog<PointStatus> log = new MetricsLog<>(dir, POINTS_LOG);
        Map<String, PointStatus> last = lastStates(log);
        LOG.info("sweep {}: {} points in {}", config.name(), points.size(), dir);

        int i = 0;
        for (SweepPoint p : points) {
            i++;
            if (resume && isDone(dir, p, last)) {
                LOG.info("[{}/{}] {}: done earlier, skipped", i, points.size(), p.label());
                PointStatus s = last.get(p.name());
                if (s == null || !PointStatus.DONE.equals(s.status())) {
                    last.put(p.name(), new PointStatus(p.name(), p.label(), PointStatus.DONE, null,
                            dir.resolve(POINTS_DIR + "/" + p.name()).toString(), Instant.now().toString(), 0));
                }
                continue;
            }
            moveAsideEarlierAttempt(dir, p);
            String folder = dir.resolve(POINTS_DIR + "/" + p.name()).toString();
            LOG.info("[{}/{}] {}: training", i, points.size(), p.label());
            PointStatus running = new PointStatus(p.name(), p.label(), PointStatus.RUNNING, null, folder,
                    Instant.now().toString(), 0);
            log.append(running);
            last.put(p.name(), running);
            long t0 = System.nanoTime();
            PointStatus end;
            try {
                TrainingRun.Outcome o = TrainingRun.run(p.configIn(pointsDir), false, command + "  [point " + p.label() + "]");
                end = new PointStatus(p.name(), p.label(), PointStatus.DONE, null, o.runFolder(),
                        Instant.now().toString(), seconds(t0));
                LOG.info("[{}/{}] {}: {}", i, points.size(), p.label(), o.summaryLine());
            } catch (RuntimeException e) {
                String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
                end = new PointStatus(p.name(), p.label(), PointStatus.FAILED, msg, folder, Instant.now().toString(),
                        seconds(t0));
                LOG.warn("[{}/{}] {}: FAILED, going on with the next point: {}", i, points.size(), p.label(), msg);
            }
            log.append(end);
            last.put(p.name(), end);
            pointReport(sc, end);
            writeTables(sc, dir, last, false);
        }
        return writeTables(sc, dir, last, true);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static Map<String, PointStatus> lastStates(MetricsLog<PointStatus> log) {
        Map<String, PointStatus> last = new HashMap<>();
        for (String line : log.lines()) {
            try {
                PointStatus s = Json.mapper().readValue(line, PointStatus.class);
                last.put(s.name(), s);
            } catch (IOException e) {
                throw new UncheckedIOException(POINTS_LOG + ": unreadable line: " + line, e);
            }
        }
        return last;
    }

    private static boolean isDone(RunFolder dir, SweepPoint p, Map<String, PointStatus> last) {
        PointStatus s = last.get(p.name());
        return (s != null && PointStatus.DONE.equals(s.status()))
                || dir.exists(POINTS_DIR + "/" + p.name() + "/summary.json");
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
    private static void pointReport(JavaSparkContext sc, PointStatus s) {
        try {
            RunReport.write(sc.hadoopConfiguration(), s.runFolder());
        } catch (RuntimeException e) {
            LOG.warn("no report for {}: {}", s.label(), e.getMessage());
        }
    }

    private Outcome writeTables(JavaSparkContext sc, RunFolder dir, Map<String, PointStatus> last, boolean report) {
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
        List<SeedGroup> groups = SeedGroup.of(results);
        List<String> keys = List.copyOf(config.grid().keySet());
        SweepTables.write(dir, keys, results, groups);
        if (report) {
            SweepReport.write(dir, config.name(), keys, results, groups, curves);
        }
        return new Outcome(dir.toString(), results, groups);
    }
}
