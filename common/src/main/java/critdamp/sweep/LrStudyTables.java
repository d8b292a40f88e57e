package critdamp.sweep;

import critdamp.base.Json;
import critdamp.run.RunFolder;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A learning-rate study's result table, written atomically into the study folder: {@code study.md} (for the README),
 * {@code study.csv} and {@code study.jsonl} (one row per schedule; the JSON also holds every rate tried). Every column
 * names its split: the rate and the basin come from validation accuracy, accuracies and times to target from test
 * accuracy.
 */
public final class LrStudyTables {
    public static final String STUDY_MD = "study.md";
    public static final String STUDY_CSV = "study.csv";
    public static final String STUDY_JSONL = "study.jsonl";

    private LrStudyTables() {
    }

    /** Writes the three files. */
    public static void write(RunFolder dir, LrStudyResult result) {
        dir.writeAtomically(STUDY_MD, markdown(result));
        dir.writeAtomically(STUDY_CSV, csv(result));
        StringBuilder jsonl = new StringBuilder();
        result.schedules().forEach(r -> jsonl.append(Json.writeLine(r)).append('\n'));
        dir.writeAtomically(STUDY_JSONL, jsonl.toString());
    }

    static String csv(LrStudyResult result) {
        List<String> header = new ArrayList<>(List.of("schedule", "search", "chosen_rate_by_validation",
                "validation_accuracy_at_chosen_rate", "basin_low", "basin_high", "basin_doublings", "basin_open",
                "rates_tried", "rates_diverged", "seeds_finished", "seeds_planned", "final_test_accuracy_mean",
                "final_test_accuracy_sd", "final_validation_accuracy_mean", "final_validation_accuracy_sd"));
        for (int i = 0; i < result.targets().size(); i++) {
            String l = "test_" + SweepTables.label(result.targetFractions().get(i)) + "_of_best";
            header.addAll(List.of("target_" + l, "epochs_to_" + l + "_mean", "epochs_to_" + l + "_sd",
                    "seconds_to_" + l + "_mean", "seconds_to_" + l + "_sd", "reached_" + l));
        }
        StringBuilder b = new StringBuilder(SweepTables.row(header));
        for (LrStudyResult.ScheduleRow r : result.schedules()) {
            RateSearch.Decision d = r.search();
            RateSearch.Basin basin = d.basin();
            List<String> cells = new ArrayList<>(List.of(r.schedule(), d.verdict().name().toLowerCase(Locale.ROOT),
                    SweepTables.num(r.chosenRate()), d.best() == null ? "" : SweepTables.num(d.best()
                            .validationAccuracy()), basin == null ? "" : SweepTables.num(basin.low()),
                    basin == null ? "" : SweepTables.num(basin.high()),
                    basin == null ? "" : SweepTables.num(basin.doublings()), basin == null ? "" : openEnds(basin),
                    String.valueOf(d.trials().size()), String.valueOf(diverged(d)),
                    String.valueOf(r.finalTestAccuracy().n()), String.valueOf(r.seeds()),
                    SweepTables.num(r.finalTestAccuracy().mean()), SweepTables.num(r.finalTestAccuracy().sd()),
                    SweepTables.num(r.finalValidationAccuracy().mean()),
                    SweepTables.num(r.finalValidationAccuracy().sd())));
            for (SeedGroup.TargetStat t : r.targets()) {
                cells.addAll(List.of(SweepTables.num(t.target()), SweepTables.num(t.epochs().mean()),
                        SweepTables.num(t.epochs().sd()), SweepTables.num(t.seconds().mean()),
                        SweepTables.num(t.seconds().sd()), t.reachedText()));
            }
            b.append(SweepTables.row(cells));
        }
        return b.toString();
    }

    /** The README's table with a header paragraph: budget, how the rate and the best schedule were chosen, targets. */
    static String markdown(LrStudyResult result) {
        StringBuilder b = new StringBuilder();
        intro(result).forEach(p -> b.append(p).append("\n\n"));
        List<String> header = header(result);
        b.append("| ").append(String.join(" | ", header)).append(" |\n|");
        b.append("---|".repeat(header.size())).append('\n');
        for (List<String> row : rows(result)) {
            b.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        String ceiling = ceilingText(result);
        if (ceiling != null) {
            b.append('\n').append(ceiling).append('\n');
        }
        return b.toString();
    }

    /** The paragraphs above the table: budget, the rules of choice, the targets, whether the study is complete. */
    public static List<String> intro(LrStudyResult result) {
        List<String> ps = new ArrayList<>();
        ps.add("Budget: " + result.budget() + ".");
        ps.add("Each schedule's rate is chosen on final validation accuracy (seed " + result.searchSeed()
                + ", a rate grid growing by a constant factor, extended until the best and its basin are interior); "
                + "accuracies and times to target are test accuracy at that rate, mean ± sd over the seeds. Basin: the "
                + "rates whose final validation accuracy is within the tolerance of the best.");
        if (result.bestSchedule() != null) {
            ps.add("Targets: " + result.targetFractions().stream().map(LrStudyTables::pct)
                    .collect(Collectors.joining(" and ")) + " of the mean final test accuracy of "
                    + result.bestSchedule() + " (the best schedule by mean final validation accuracy) = "
                    + result.targets().stream().map(t -> fmt(t, 4)).collect(Collectors.joining(" and "))
                    + " test accuracy.");
        }
        if (!result.complete()) {
            ps.add("Incomplete: searches or seed runs still to run (continue with --resume).");
        }
        return ps;
    }

    /** The table's column names. */
    public static List<String> header(LrStudyResult result) {
        List<String> header = new ArrayList<>(List.of("schedule", "rate (chosen on validation)",
                "validation acc. at that rate", "basin (validation)", "rates tried", "final test acc. (seeds)"));
        for (double f : result.targetFractions()) {
            header.add("epochs to " + pct(f) + " (test)");
            header.add("time to " + pct(f) + " (test)");
        }
        return header;
    }

    /** The table's rows, one per schedule. */
    public static List<List<String>> rows(LrStudyResult result) {
        return result.schedules().stream().map(r -> markdownCells(r, result.targetFractions().size())).toList();
    }

    /** The ceiling run in one sentence; null when it has not run. */
    public static String ceilingText(LrStudyResult result) {
        PointResult c = result.ceiling();
        if (c == null) {
            return null;
        }
        String text = "Ceiling (" + c.label() + ", " + c.status() + "): final test accuracy "
                + fmt(c.finalTestAccuracy(), 4) + " after " + c.epochs() + " epochs; test accuracy "
                + fmt(c.testAccuracyAtBestValidation(), 4) + " at its best-validation epoch " + c.bestValidationEpoch()
                + ".";
        LrStudyResult.ScheduleRow best = result.bestSchedule() == null ? null : result.row(result.bestSchedule());
        if (best != null && best.finalTestAccuracy().n() > 0 && Double.isFinite(c.finalTestAccuracy())) {
            double gap = 100 * (c.finalTestAccuracy() - best.finalTestAccuracy().mean());
            text += " The best schedule (" + best.schedule() + ") ends " + fmt(Math.abs(gap), 1) + " points "
                    + (gap >= 0 ? "below" : "above") + " the ceiling's final test accuracy.";
        }
        return text;
    }

    private static List<String> markdownCells(LrStudyResult.ScheduleRow r, int targets) {
        RateSearch.Decision d = r.search();
        String rate = d.best() == null ? "–" : fmtRate(d.best().rate());
        if (d.verdict() != RateSearch.Verdict.INTERIOR) {
            rate += " (" + verdictText(d.verdict()) + ")";
        }
        List<String> cells = new ArrayList<>(List.of(r.schedule(), rate,
                d.best() == null ? "–" : fmt(d.best().validationAccuracy(), 4), basinText(d.basin()),
                d.trials().size() + (diverged(d) > 0 ? " (" + diverged(d) + " diverged)" : ""),
                pm(r.finalTestAccuracy(), 4) + " (" + r.finalTestAccuracy().n() + "/" + r.seeds() + ")"));
        for (int i = 0; i < targets; i++) {
            SeedGroup.TargetStat t = i < r.targets().size() ? r.targets().get(i) : null;
            if (t == null || t.reached() == 0) {
                cells.add(t == null ? "–" : t.reachedText());
                cells.add("–");
            } else {
                String note = t.reached() == t.of() ? "" : " (" + t.reachedText() + ")";
                cells.add(pm(t.epochs(), 1) + note);
                cells.add(pm(t.seconds(), 0) + " s");
            }
        }
        return cells;
    }

    public static String verdictText(RateSearch.Verdict v) {
        return switch (v) {
            case INTERIOR -> "interior";
            case EDGE -> "at the grid's edge: no more extensions allowed";
            case EXTENDING -> "searching: extending the grid";
            case WAITING -> "searching";
            case FAILED -> "a run failed: --resume";
        };
    }

    /** "0.05–0.2 (x4)", with "open below/above" where the basin reaches the grid's end. */
    public static String basinText(RateSearch.Basin basin) {
        if (basin == null) {
            return "–";
        }
        String open = openEnds(basin);
        return fmtRate(basin.low()) + "–" + fmtRate(basin.high()) + " (x" + fmt(basin.ratio(), 0) + ")"
                + (open.isEmpty() ? "" : ", open " + open);
    }

    private static String openEnds(RateSearch.Basin basin) {
        return basin.openBelow() && basin.openAbove() ? "below and above" : basin.openBelow() ? "below"
                : basin.openAbove() ? "above" : "";
    }

    private static long diverged(RateSearch.Decision d) {
        return d.trials().stream().filter(t -> t.outcome() == RateSearch.Outcome.DIVERGED).count();
    }

    /** "0.7123 ± 0.0100", the mean alone for one value, "–" for none. */
    static String pm(SeedGroup.Stat s, int digits) {
        if (s.n() == 0) {
            return "–";
        }
        return fmt(s.mean(), digits) + (Double.isFinite(s.sd()) ? " ± " + fmt(s.sd(), digits) : "");
    }

    public static String fmt(double v, int digits) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : "–";
    }

    /** A rate as written in the config: 0.05, 0.0125, 1.6. */
    public static String fmtRate(double rate) {
        return BigDecimal.valueOf(rate).stripTrailingZeros().toPlainString();
    }

    private static String pct(double fraction) {
        return BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }
}
