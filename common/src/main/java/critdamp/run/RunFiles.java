package critdamp.run;

/**
 * The names of the files in a run folder: one place, so a writer and every reader (reports, resume, the pipeline's
 * stages, tests) agree on them. Where each is written is said beside its name.
 */
public final class RunFiles {
    /** Provenance of the command that made the folder: version, commit, machine, arguments. */
    public static final String RUN_JSON = "run.json";
    /** The training config exactly as used (defaults and overrides applied). */
    public static final String CONFIG_JSON = "config.json";
    /** What a finished training run reached: epochs, accuracies, wall time, target crossings. */
    public static final String SUMMARY_JSON = "summary.json";
    /** One line per averaging round; exists once the first round is done. */
    public static final String ROUNDS_JSONL = "rounds.jsonl";
    /** One line per epoch. */
    public static final String EPOCHS_JSONL = "epochs.jsonl";
    /** The epochs as a table, for spreadsheets. */
    public static final String EPOCHS_CSV = "epochs.csv";
    /** Each executor JVM that trained, and whether its layers ran the oneDNN helpers. */
    public static final String EXECUTORS_JSON = "executors.json";
    /** The run's HTML report, rewritten after every epoch. */
    public static final String REPORT_HTML = "report.html";
    /** The report's charts as PNG files, for pages that cannot run its scripts. */
    public static final String REPORT_PNG_DIR = "report";
    /** Per-layer gradient attribution of the trained model. */
    public static final String ATTRIBUTION_JSON = "attribution.json";
    /** The layers the selection rule flagged for targeted retraining. */
    public static final String SELECTION_JSON = "selection.json";
    /** SGD against Adam: the flagged sets of two attributions compared. */
    public static final String COMPARISON_JSON = "comparison.json";
    /** The retraining arms' fixed/broken/net counts. */
    public static final String RETRAINING_JSON = "retraining.json";
    /** An arm's corrected model (DL4J checkpoint format). */
    public static final String CORRECTED_ZIP = "corrected.zip";
    /** The folder of checkpoints and their sidecars. */
    public static final String CHECKPOINTS_DIR = "checkpoints";
    /**
     * The folder's lease, held by the one process that writes it: created exclusively when a new run claims the folder
     * or a command reopens it, refreshed while it runs, removed when it ends ({@link RunLease}).
     */
    public static final String LEASE = ".lease";
    /** Prefix of the marker a process creates exclusively to take over an abandoned lease ({@link RunLease}). */
    public static final String LEASE_TAKEOVER_PREFIX = ".lease.takeover-";
    /** Prefix of a retraining arm's sub-folder, e.g. {@code retrain-targeted}. */
    public static final String ARM_FOLDER_PREFIX = "retrain-";

    private RunFiles() {
    }

    /** The sub-folder of the retraining arm whose config name is {@code armName} ({@code random_layers -> retrain-random-layers}). */
    public static String armFolder(String armName) {
        return ARM_FOLDER_PREFIX + armName.replace('_', '-');
    }
}
