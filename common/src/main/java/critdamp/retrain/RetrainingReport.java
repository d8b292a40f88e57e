package critdamp.retrain;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import critdamp.base.Json;
import critdamp.config.RetrainingProtocol;

/**
 * Targeted correction against its controls, as JSON ({@code retraining.json}) and as a console table: the protocol
 * grid tried on the validation split and the protocol chosen ({@link ProtocolChoice}), then every arm under that
 * protocol; derived from them, the targeted arm against the random arms ({@link RandomArmComparison}) and the spread
 * of net between the targeted arm and its data-order replicate. The stage rewrites it after every arm, so an
 * interrupted stage resumes from it: {@code protocol} is null until chosen, and the lists hold what is done.
 *
 * @param testExamples       size of the test set fixed/broken/net are counted on
 * @param validationExamples size of the validation split the protocol is chosen on
 * @param flaggedGroups      the groups attribution flagged (the targeted arm's)
 * @param protocolTrials     the all-layers arm under each grid point, in grid order
 * @param protocol           the chosen protocol, every arm's; null until chosen
 * @param arms               one result per arm, in plan order (targeted first)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(value = {"randomComparison", "dataOrderSpread"}, allowGetters = true)
// The derived properties last, in a fixed order: otherwise their order follows HotSpot's method order, which can
// differ between two runs of the same code.
@JsonPropertyOrder({"testExamples", "validationExamples", "flaggedGroups", "protocolTrials", "protocol", "arms",
        "randomComparison", "dataOrderSpread"})
public record RetrainingReport(int testExamples, int validationExamples, List<String> flaggedGroups,
                               List<ArmResult> protocolTrials, RetrainingProtocol protocol, List<ArmResult> arms) {
    public RetrainingReport {
        if (testExamples < 1 || validationExamples < 1) {
            throw new IllegalArgumentException("testExamples = " + testExamples + ", validationExamples = "
                    + validationExamples + ": both must be >= 1");
        }
        flaggedGroups = List.copyOf(flaggedGroups);
        protocolTrials = List.copyOf(protocolTrials);
        arms = List.copyOf(arms);
    }

    /** The first arm of the given kind. */
    public ArmResult arm(ArmKind kind) {
        return arms.stream().filter(a -> a.arm() == kind).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no arm " + kind.configName() + " in the report"));
    }

    /** The random arms, in plan order. */
    public List<ArmResult> randomArms() {
        return arms.stream().filter(a -> a.arm() == ArmKind.RANDOM_LAYERS).toList();
    }

    /** The targeted arm against the random arms; null without both. */
    @JsonProperty("randomComparison")
    public RandomArmComparison randomComparison() {
        Optional<ArmResult> targeted = find(ArmKind.TARGETED);
        return targeted.isEmpty() || randomArms().isEmpty() ? null
                : RandomArmComparison.of(targeted.get(), randomArms());
    }

    /** |net(targeted) - net(data-order replicate)|; null without both. */
    @JsonProperty("dataOrderSpread")
    public Integer dataOrderSpread() {
        Optional<ArmResult> a = find(ArmKind.TARGETED);
        Optional<ArmResult> b = find(ArmKind.TARGETED_REPLICATE);
        return a.isPresent() && b.isPresent() ? Math.abs(a.get().net() - b.get().net()) : null;
    }

    /** This report with {@code trial} appended to the protocol trials. */
    public RetrainingReport withTrial(ArmResult trial) {
        return new RetrainingReport(testExamples, validationExamples, flaggedGroups, append(protocolTrials, trial),
                protocol, arms);
    }

    /** This report with the chosen protocol. */
    public RetrainingReport withProtocol(RetrainingProtocol chosen) {
        return new RetrainingReport(testExamples, validationExamples, flaggedGroups, protocolTrials, chosen, arms);
    }

    /** This report with {@code arm} appended to the arms. */
    public RetrainingReport withArm(ArmResult arm) {
        return new RetrainingReport(testExamples, validationExamples, flaggedGroups, protocolTrials, protocol,
                append(arms, arm));
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

    /** A console table: the protocol trials, the arms, the targeted arm against the random ones. */
    public String toTable() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Targeted correction: fixed/broken/net on %d test examples, protocol "
                + "chosen on %d validation examples; flagged groups %s%n", testExamples, validationExamples,
                flaggedGroups));
        if (!protocolTrials.isEmpty()) {
            sb.append("protocol grid (all-layers arm, validation accuracy before -> after):\n");
            for (ArmResult t : protocolTrials) {
                sb.append(String.format(Locale.ROOT, "  %-28s %.4f -> %.4f%s%n", t.protocol(), t.validationBefore(),
                        t.validationAfter(), t.protocol().equals(protocol) ? "   <- chosen" : ""));
            }
        }
        String head = String.format(Locale.ROOT, "%-18s  %6s  %7s  %8s  %8s  %8s  %8s  %6s  %6s  %6s  %9s  %7s%n",
                "arm", "groups", "share", "val.bef", "val.aft", "acc.bef", "acc.aft", "fixed", "broken", "net",
                "frz.drift", "seconds");
        sb.append(head).append("-".repeat(head.length() - 1)).append('\n');
        for (ArmResult a : arms) {
            sb.append(String.format(Locale.ROOT,
                    "%-18s  %6d  %6.2f%%  %8.4f  %8.4f  %8.4f  %8.4f  %6d  %6d  %+6d  %9.2g  %7.1f%n", a.name(),
                    a.groups().size(), 100 * a.paramShare(), a.validationBefore(), a.validationAfter(),
                    a.accuracyBefore(), a.accuracyAfter(), a.fixed(), a.broken(), a.net(), a.frozenDrift(),
                    a.seconds()));
        }
        for (ArmResult a : arms) {
            sb.append(String.format(Locale.ROOT, "%-18s  %s%n", a.name() + ":", String.join(", ", a.groups())));
        }
        RandomArmComparison c = randomComparison();
        if (c != null) {
            sb.append(String.format(Locale.ROOT, "targeted net %+d (share %.1f%%) vs %d random arms: net %.1f +- %.1f "
                            + "(shares %.1f%%, %.1f-%.1f%%); targeted rank %d of %d (%d tied)%n", c.targetedNet(),
                    100 * c.targetedShare(), c.randomArms(), c.netMean(), c.netSd(), 100 * c.shareMean(),
                    100 * c.shareMin(), 100 * c.shareMax(), c.rank(), c.randomArms() + 1, c.ties()));
        }
        Integer spread = dataOrderSpread();
        if (spread != null) {
            sb.append("net spread between two data orders of the targeted arm: ").append(spread).append('\n');
        }
        sb.append("fixed = wrong before, right after; broken = right before, wrong after; net = fixed - broken\n");
        return sb.toString();
    }

    private Optional<ArmResult> find(ArmKind kind) {
        return arms.stream().filter(a -> a.arm() == kind).findFirst();
    }

    private static List<ArmResult> append(List<ArmResult> list, ArmResult item) {
        List<ArmResult> out = new java.util.ArrayList<>(list);
        out.add(item);
        return out;
    }
}
