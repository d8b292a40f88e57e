package critdamp.spark.pipeline;

import critdamp.config.TrainConfig;
import critdamp.retrain.RetrainingReport;
import critdamp.run.RunFolder;
import critdamp.spark.data.TrainingData;
import critdamp.spark.train.TrainingRun;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * The application users run end to end, in one Spark application: train, attribute on the validation split (the
 * driver merges the executors' per-layer sums) and flag layer groups, dispatch the targeted retraining stage and its
 * controls, report. Each
 * stage reads what the previous one wrote to the run folder, so each can also be run alone from a checkpoint. Training
 * holds the folder's lease while it trains, the later stages from attribution to the report.
 */
public final class Pipeline {
    private Pipeline() {
    }

    /** What the pipeline produced. */
    public record Outcome(TrainingRun.Outcome training, AttributionStage.Outcome attribution,
                          RetrainingReport retraining) {
    }

    public static Outcome run(JavaSparkContext sc, TrainConfig cfg, String command, PrintStream out) {
        TrainingRun.Outcome trained = TrainingRun.run(cfg, false, command);
        out.println(trained.summaryLine());
        try (FinishedRun run = FinishedRun.open(sc.hadoopConfiguration(), trained.runFolder(), List.of())) {
            TrainingData data = StageData.load(sc, run.config());
            try (RunFolder folder = run.folder().acquire()) {
                out.println("== attribution (validation split) ==");
                AttributionStage.Outcome attribution = AttributionStage.run(sc, run.config(), folder, run.model(),
                        data, out);
                out.println("== targeted retraining ==");
                RetrainingReport report = RetrainingStage.run(sc, run.config(), folder, run.model(),
                        Set.copyOf(attribution.selection().flaggedGroups()), data, out);
                TrainingRun.writeReport(folder);
                return new Outcome(trained, attribution, report);
            } finally {
                data.release();
            }
        }
    }
}
