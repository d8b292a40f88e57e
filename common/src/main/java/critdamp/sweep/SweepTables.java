package critdamp.sweep;

import critdamp.base.Json;
import critdamp.run.RunFolder;
import critdamp.train.TargetTracker;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A sweep's tables, written atomically into the sweep folder: {@code results.csv} and {@code results.jsonl} (one row
 * per point) and {@code summary.csv} (one row per {@link SeedGroup}). Missing numbers are empty CSV cells. Column
 * names name the split: {@code validation} (what choices read), {@code test} (the measurement);
 * {@code test_at_best_validation} is the test accuracy at the epoch validation chose. Run folders are written relative
 * to the sweep folder ({@link PointFolder}), so the tables hold no machine's absolute path.
 */
public final class SweepTables {
    public static final String RESULTS_CSV = "results.csv";
    public static final String RESULTS_JSONL = "results.jsonl";
    public static final String SUMMARY_CSV = "summary.csv";

    private SweepTables() {
    }

    /** Writes all three files. */
    public static void write(RunFolder sweepDir, List<String> gridKeys, List<PointResult> results,
                             List<SeedGroup> groups) {
        List<PointResult> rows = results.stream().map(r -> r.withRunFolder(sweepDir.relativize(r.runFolder())))
                .toList(); // an older points.jsonl holds absolute URIs
        sweepDir.writeAtomically(RESULTS_CSV, resultsCsv(gridKeys, rows));
        sweepDir.writeAtomically(RESULTS_JSONL, resultsJsonl(rows));
        sweepDir.writeAtomically(SUMMARY_CSV, summaryCsv(gridKeys, groups));
    }

    static String resultsCsv(List<String> gridKeys, List<PointResult> results) {
        List<Double> targets = targets(results);
        List<String> header = new ArrayList<>(List.of("point"));
        header.addAll(gridKeys);
        header.addAll(List.of("status", "epochs", "final_test_accuracy", "final_validation_accuracy",
                "best_validation_epoch", "best_validation_accuracy", "test_accuracy_at_best_validation",
                "wall_seconds", "images_per_second"));
        for (double t : targets) {
            header.add("epochs_to_test_" + label(t));
            header.add("seconds_to_test_" + label(t));
        }
        header.addAll(List.of("error", "run_folder"));
        StringBuilder b = new StringBuilder(row(header));
        for (PointResult r : results) {
            List<String> cells = new ArrayList<>(List.of(r.name()));
            gridKeys.forEach(k -> cells.add(String.valueOf(r.values().get(k))));
            cells.addAll(List.of(r.status(), String.valueOf(r.epochs()), num(r.finalTestAccuracy()),
                    num(r.finalValidationAccuracy()), r.bestValidationEpoch() > 0
                            ? String.valueOf(r.bestValidationEpoch()) : "",
                    num(r.bestValidationAccuracy()), num(r.testAccuracyAtBestValidation()), num(r.wallSeconds()),
                    num(r.imagesPerSecond())));
            for (double t : targets) {
                TargetTracker.Crossing c = r.testTargets().stream().filter(x -> x.target() == t).findFirst()
                        .orElse(null);
                boolean reached = c != null && c.reached();
                cells.add(reached ? String.valueOf(c.epoch()) : "");
                cells.add(reached ? num(c.wallSeconds()) : "");
            }
            cells.add(r.error() == null ? "" : r.error());
            cells.add(r.runFolder() == null ? "" : r.runFolder());
            b.append(row(cells));
        }
        return b.toString();
    }

    static String resultsJsonl(List<PointResult> results) {
        StringBuilder b = new StringBuilder();
        for (PointResult r : results) {
            b.append(Json.writeLine(r)).append('\n');
        }
        return b.toString();
    }

    static String summaryCsv(List<String> gridKeys, List<SeedGroup> groups) {
        List<String> keys = gridKeys.stream().filter(k -> !k.equals(critdamp.config.SweepConfig.SEED_KEY)).toList();
        TreeSet<Double> targets = new TreeSet<>();
        groups.forEach(g -> g.testTargets().forEach(t -> targets.add(t.target())));
        List<String> header = new ArrayList<>(List.of("group"));
        header.addAll(keys);
        header.addAll(List.of("n", "failed", "final_test_accuracy_mean", "final_test_accuracy_sd",
                "final_validation_accuracy_mean", "final_validation_accuracy_sd",
                "test_accuracy_at_best_validation_mean", "test_accuracy_at_best_validation_sd",
                "images_per_second_mean"));
        for (double t : targets) {
            String l = "test_" + label(t);
            header.addAll(List.of("epochs_to_" + l + "_mean", "epochs_to_" + l + "_sd", "seconds_to_" + l + "_mean",
                    "seconds_to_" + l + "_sd", "reached_" + l));
        }
        StringBuilder b = new StringBuilder(row(header));
        for (SeedGroup g : groups) {
            List<String> cells = new ArrayList<>(List.of(g.label()));
            keys.forEach(k -> cells.add(String.valueOf(g.values().get(k))));
            cells.addAll(List.of(String.valueOf(g.n()), String.valueOf(g.failed()),
                    num(g.finalTestAccuracy().mean()), num(g.finalTestAccuracy().sd()),
                    num(g.finalValidationAccuracy().mean()), num(g.finalValidationAccuracy().sd()),
                    num(g.testAccuracyAtBestValidation().mean()), num(g.testAccuracyAtBestValidation().sd()),
                    num(g.imagesPerSecond().mean())));
            for (double t : targets) {
                SeedGroup.TargetStat s = g.testTargets().stream().filter(x -> x.target() == t).findFirst()
                        .orElse(null);
                if (s == null) {
                    cells.addAll(List.of("", "", "", "", ""));
                } else {
                    cells.addAll(List.of(num(s.epochs().mean()), num(s.epochs().sd()), num(s.seconds().mean()),
                            num(s.seconds().sd()), s.reachedText()));
                }
            }
            b.append(row(cells));
        }
        return b.toString();
    }

    /** The target accuracies of all rows, ascending. */
    static List<Double> targets(List<PointResult> results) {
        TreeSet<Double> t = new TreeSet<>();
        results.forEach(r -> r.testTargets().forEach(c -> t.add(c.target())));
        return List.copyOf(t);
    }

    /** A target as written in column names: 0.5 -> "0.5", 0.75 -> "0.75". */
    public static String label(double target) {
        return BigDecimal.valueOf(target).stripTrailingZeros().toPlainString();
    }

    public static String num(double v) {
        return Double.isFinite(v) ? String.valueOf(v) : "";
    }

    /** One CSV line of {@code cells}, quoted where needed. */
    public static String row(List<String> cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(csv(cells.get(i)));
        }
        return b.append('\n').toString();
    }

    /** RFC 4180 quoting where needed; line breaks in messages become spaces. */
    static String csv(String s) {
        String v = s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
        return v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
