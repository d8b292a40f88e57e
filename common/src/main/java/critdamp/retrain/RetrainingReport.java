package critdamp.retrain;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import critdamp.base.Json;

/**
 * The result of targeted correction against its controls, as JSON (for the run folder) and as a console table: for
 * each arm the retrained layers and their size, the budget, accuracy before and after, and the examples fixed and
 * broken on the evaluation set.
 *
 * @param evaluationExamples size of the evaluation set the diffs were counted on
 * @param arms               one result per arm, targeted first
 */
public record RetrainingReport(int evaluationExamples, List<ArmResult> arms) {
    public RetrainingReport {
        if (evaluationExamples < 1) {
            throw new IllegalArgumentException("evaluationExamples = " + evaluationExamples + ": must be >= 1");
        }
        if (arms == null || arms.isEmpty()) {
            throw new IllegalArgumentException("arms: a report holds at least one arm");
        }
        arms = List.copyOf(arms);
    }

    /** The result of the given arm. */
    public ArmResult arm(ArmKind kind) {
        return arms.stream().filter(a -> a.arm() == kind).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no arm " + kind.configName() + " in the report"));
    }

    public String toJson() {
        return Json.write(this);
    }

    public static RetrainingReport fromJson(String json) {
        return Json.read(json, RetrainingReport.class, "retraining report JSON");
    }

    public void writeJson(Path file) {
        Json.writeFile(file, this);
    }

    public static RetrainingReport readJson(Path file) {
        return Json.readFile(file, RetrainingReport.class);
    }

    /** A console table, one row per arm, with the retrained layers listed below. */
    public String toTable() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Targeted correction on %d evaluation examples%n", evaluationExamples));
        String head = String.format(Locale.ROOT, "%-13s  %6s  %10s  %7s  %12s  %6s  %8s  %8s  %6s  %6s  %6s  %8s%n",
                "arm", "layers", "params", "share", "budget", "weight", "acc.bef", "acc.aft", "fixed", "broken", "net",
                "seconds");
        sb.append(head).append("-".repeat(head.length() - 1)).append('\n');
        for (ArmResult a : arms) {
            sb.append(String.format(Locale.ROOT,
                    "%-13s  %6d  %10d  %6.2f%%  %12s  %6d  %8.4f  %8.4f  %6d  %6d  %+6d  %8.1f%n", a.arm().configName(),
                    a.layers().size(), a.paramCount(), 100 * a.paramShare(), a.budget(), a.misclassifiedWeight(),
                    a.accuracyBefore(), a.accuracyAfter(), a.fixed(), a.broken(), a.net(), a.seconds()));
        }
        for (ArmResult a : arms) {
            sb.append(String.format(Locale.ROOT, "%-13s  %s%n", a.arm().configName() + ":", String.join(", ",
                    a.layers())));
        }
        sb.append("fixed = wrong before, right after; broken = right before, wrong after; net = fixed - broken\n");
        return sb.toString();
    }
}
