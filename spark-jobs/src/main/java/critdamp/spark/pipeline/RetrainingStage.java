package critdamp.spark.pipeline;

import critdamp.base.Json;
import critdamp.config.ConfigLoader;
import critdamp.config.RetrainingProtocol;
import critdamp.config.RetrainingSpec;
import critdamp.config.TrainConfig;
import critdamp.retrain.ArmKind;
import critdamp.retrain.ArmResult;
import critdamp.retrain.GroupChoice;
import critdamp.retrain.LayerFreezing;
import critdamp.retrain.PredictionDiff;
import critdamp.retrain.Predictions;
import critdamp.retrain.ProtocolChoice;
import critdamp.retrain.RetrainingArm;
import critdamp.retrain.RetrainingArms;
import critdamp.retrain.RetrainingReport;
import critdamp.run.RunFiles;
import critdamp.run.RunFolder;
import critdamp.spark.data.TrainingData;
import critdamp.spark.train.DistributedTrainer;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.nd4j.linalg.dataset.DataSet;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The correction stage: retrain only the flagged layer groups (every other layer frozen: {@link LayerFreezing} for a
 * DL4J run, {@code TrainableModel.freeze} for the torch engine; {@link TrainedModel#retrainable}) with parameter
 * averaging on the executors and the driver's momentum schedule, and the controls of
 * {@link RetrainingArms}: the targeted arm again with another data order ({@link ShiftedDataOrder}), all layers, and
 * R random group sets of as many groups. First the protocol (epochs, learning rate) is chosen on the validation split
 * from {@code retraining}'s grid ({@link ProtocolChoice}); every arm then trains with it. Each arm trains in its own
 * sub-folder ({@code retrain-targeted/}, ...) with the usual metrics and checkpoints; the test set only measures:
 * fixed (wrong to right), broken (right to wrong) and net per arm, in {@code retraining.json}. The run's
 * {@code config.json} records the {@code retraining} section the stage ran with, {@code --set} included.
 *
 * <p>Resumable: {@code retraining.json} is rewritten after every arm, and a later run of the stage on the same
 * flagged groups keeps every finished protocol trial and arm and runs only the rest (an arm interrupted mid-way starts
 * over, in a fresh versioned sub-folder such as {@code retrain-random-layers-2-2}).
 *
 * <p>Frozen layers: each arm records the largest change of a frozen parameter on the retrained network before
 * anything is reset ({@link ArmResult#frozenDrift}); 0 when freezing held, which it does exactly for 1, 2, 4, ...
 * workers (the mean of 2^n equal floats is exact). For other worker counts parameter averaging may round, so the
 * frozen layers are then reset to the trained values before the network is measured and saved.
 *
 * <p>Both engines run the same stage ({@link TrainedModel}): a DL4J run's arms train DL4J graphs with wrapped frozen
 * layers through DL4J's master; a torch run's arms train copies frozen by {@code TrainableModel.freeze} through the
 * driver's flat-array averaging, whose snapshots carry the frozen groups to every worker, and save the corrected
 * network in the engine's checkpoint format ({@code corrected.zip}, loaded by {@code Engine.load}).
 */
public final class RetrainingStage {
    private final JavaSparkContext sc;
    private final TrainConfig cfg;
    private final RunFolder folder;
    private final TrainedModel trained;
    private final TrainingData data;
    private final PrintStream out;
    private final Evaluation test;
    private final Evaluation validation;

    private RetrainingStage(JavaSparkContext sc, TrainConfig cfg, RunFolder folder, TrainedModel trained,
                            TrainingData data, PrintStream out) {
        this.sc = sc;
        this.cfg = cfg;
        this.folder = folder;
        this.trained = trained;
        this.data = data;
        this.out = out;
        this.test = Evaluation.of(trained, data.testBatches().collect());
        this.validation = Evaluation.of(trained, data.validationBatches().collect());
    }

    /**
     * Runs (or resumes) the comparison for {@code flaggedGroups} and writes {@value RunFiles#RETRAINING_JSON}, holding
     * the run folder's lease throughout (each arm's sub-folder its own too).
     *
     * @throws IllegalArgumentException when nothing is flagged or there is no validation split
     */
    public static RetrainingReport run(JavaSparkContext sc, TrainConfig cfg, RunFolder folder, TrainedModel trained,
                                       Set<String> flaggedGroups, TrainingData data, PrintStream out) {
        if (flaggedGroups.isEmpty()) {
            throw new IllegalArgumentException("attribution flagged no layer group (attribution.selection = "
                    + Json.write(cfg.attribution().selection()) + "): nothing to retrain; relax the rule");
        }
        if (data.validationSize() == 0) {
            throw new IllegalArgumentException("retraining needs a validation split to choose its protocol on: "
                    + "data.validationFraction is 0; set it to e.g. 0.1");
        }
        RetrainingSpec spec = cfg.retraining();
        try (RunFolder writer = folder.acquire()) {
            recordRetraining(writer, spec);
            List<RetrainingArm> arms = RetrainingArms.plan(flaggedGroups, trained.paramCounts(),
                    spec.replicate(), spec.controls(), spec.randomArms(), cfg.run().seed());
            RetrainingStage stage = new RetrainingStage(sc, cfg, writer, trained, data, out);
            RetrainingReport previous = stage.previous(arms.get(0).choice().groups());
            RetrainingReport report = stage.chooseProtocol(previous, arms);
            for (RetrainingArm arm : arms) {
                report = stage.write(report.withArm(stage.result(arm, report, previous)));
            }
            out.println(report.toTable());
            return report;
        }
    }

    /** The stage's earlier report when it was for the same groups and data, else a fresh one. */
    private RetrainingReport previous(List<String> flaggedGroups) {
        RetrainingReport fresh = new RetrainingReport(test.size(), validation.size(), flaggedGroups, List.of(), null,
                List.of());
        if (!folder.exists(RunFiles.RETRAINING_JSON)) {
            return fresh;
        }
        RetrainingReport old = RetrainingReport.fromJson(folder.readString(RunFiles.RETRAINING_JSON));
        if (old.flaggedGroups().equals(flaggedGroups) && old.testExamples() == test.size()
                && old.validationExamples() == validation.size()) {
            out.printf("resuming from %s: %d protocol trial(s) and %d arm(s) done%n", RunFiles.RETRAINING_JSON,
                    old.protocolTrials().size(), old.arms().size());
            return old;
        }
        out.printf("%s is for groups %s, now %s: starting afresh%n", RunFiles.RETRAINING_JSON, old.flaggedGroups(),
                flaggedGroups);
        return fresh;
    }

    /**
     * The protocol grid's trials (the all-layers arm under each point, kept from {@code previous} where done) and the
     * chosen protocol; a one-point grid is chosen without trials.
     */
    private RetrainingReport chooseProtocol(RetrainingReport previous, List<RetrainingArm> arms) {
        List<RetrainingProtocol> grid = cfg.retraining().protocols();
        RetrainingReport report = new RetrainingReport(previous.testExamples(), previous.validationExamples(),
                previous.flaggedGroups(), List.of(), null, List.of());
        if (grid.size() > 1) {
            RetrainingArm all = new RetrainingArm(ArmKind.ALL_LAYERS, 0,
                    GroupChoice.all(trained.paramCounts()), 0);
            for (RetrainingProtocol p : grid) {
                Optional<ArmResult> done = previous.protocolTrials().stream().filter(t -> t.isOf(all, p)).findFirst();
                report = write(report.withTrial(done.orElseGet(() -> retrain(all, p, trialFolder(p)))));
            }
        }
        RetrainingProtocol chosen = grid.size() > 1 ? ProtocolChoice.best(report.protocolTrials()) : grid.get(0);
        out.printf("retraining protocol: %s (%s), for all %d arms%n", chosen, grid.size() > 1
                ? "highest validation accuracy of the all-layers arm over " + grid.size() + " grid points"
                : "the only grid point", arms.size());
        return write(report.withProtocol(chosen));
    }

    /** The arm's result: kept from {@code previous}, taken from the chosen protocol's trial (all layers), or run. */
    private ArmResult result(RetrainingArm arm, RetrainingReport report, RetrainingReport previous) {
        RetrainingProtocol p = report.protocol();
        return previous.arms().stream().filter(a -> a.isOf(arm, p)).findFirst()
                .or(() -> report.protocolTrials().stream().filter(t -> t.isOf(arm, p)).findFirst())
                .orElseGet(() -> retrain(arm, p, RunFiles.armFolder(arm.name())));
    }

    /**
     * Retrains the arm's groups (the others frozen) under {@code protocol} in the sub-folder {@code folderName}
     * (versioned if taken), measures the frozen layers' drift, resets them, saves the corrected network there and
     * measures it on the validation and test sets.
     */
    private ArmResult retrain(RetrainingArm arm, RetrainingProtocol protocol, String folderName) {
        GroupChoice choice = arm.choice();
        TrainConfig armConfig = protocol.appliedTo(cfg);
        out.printf("retraining arm %s: groups %s, %d parameters (%.1f%%), %s, %s%s, data order %d%n", arm.name(),
                choice.groups(), choice.paramCount(), 100 * choice.paramShare(), protocol,
                armConfig.optimizer().kind().configName(), armConfig.optimizer().kind().takesMomentum()
                        ? " with " + armConfig.momentum().kind().configName() + " momentum" : "", arm.dataOrder());
        try (TrainedModel.ArmCopy copy = trained.retrainable(choice, armConfig.optimizer());
             RunFolder armFolder = RunFolder.open(folder.fileSystem().getConf(), folder.root().toString(), folderName,
                     false)) {
            long t0 = System.nanoTime();
            DistributedTrainer.Result r = copy.train(new DistributedTrainer(sc, armConfig, armFolder, out),
                    ShiftedDataOrder.of(data, arm.dataOrder()));
            double seconds = (System.nanoTime() - t0) / 1e9;
            double drift = copy.frozenDrift();
            if (drift > 0) {
                out.printf("  frozen layers drifted by at most %.3g through parameter averaging's float rounding "
                        + "(%d workers); reset to the trained values%n", drift, cfg.spark().workers());
                copy.resetFrozen();
            }
            copy.save(armFolder);
            ArmResult result = ArmResult.of(arm, protocol, r.steps(), validation.diff(copy), test.diff(copy),
                    drift, seconds, armFolder.root().getName());
            out.printf("  %s: validation %.4f -> %.4f; test %.4f -> %.4f, fixed %d, broken %d, net %+d%n", arm.name(),
                    result.validationBefore(), result.validationAfter(), result.accuracyBefore(),
                    result.accuracyAfter(), result.fixed(), result.broken(), result.net());
            return result;
        }
    }

    /** Writes {@code report} as {@value RunFiles#RETRAINING_JSON} and returns it. */
    private RetrainingReport write(RetrainingReport report) {
        folder.writeAtomically(RunFiles.RETRAINING_JSON, report.toJson());
        return report;
    }

    /** The sub-folder of the all-layers arm under one grid point, e.g. {@code retrain-all-layers-e2-lr0.01}. */
    private static String trialFolder(RetrainingProtocol p) {
        return RunFiles.armFolder(ArmKind.ALL_LAYERS.configName() + "_e" + p.epochs() + "_lr"
                + BigDecimal.valueOf(p.baseLr()).toPlainString());
    }

    /** A labelled evaluation set on the driver with the trained network's predictions: every arm is diffed to them. */
    private record Evaluation(List<DataSet> batches, int[] labels, int[] before) {
        static Evaluation of(TrainedModel trained, List<DataSet> batches) {
            return new Evaluation(batches, Predictions.labels(new ListDataSetIterator<>(batches, 1)),
                    trained.predict(batches));
        }

        int size() {
            return labels.length;
        }

        PredictionDiff diff(TrainedModel.ArmCopy corrected) {
            return PredictionDiff.of(labels, before, corrected.predict(batches));
        }
    }

    /**
     * Makes the run folder's {@value RunFiles#CONFIG_JSON} record the {@code retraining} section this stage runs
     * with, which {@code retrain --set retraining...} may have changed since training wrote it; the other sections
     * stay as training used them. Rewritten only when it differs.
     */
    static void recordRetraining(RunFolder folder, RetrainingSpec retraining) {
        TrainConfig recorded = ConfigLoader.parse(folder.readString(RunFiles.CONFIG_JSON), List.of(),
                TrainConfig.class);
        if (!recorded.retraining().equals(retraining)) {
            folder.writeAtomically(RunFiles.CONFIG_JSON, Json.write(recorded.withRetraining(retraining)));
        }
    }
}
