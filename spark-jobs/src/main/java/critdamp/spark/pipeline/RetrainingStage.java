package critdamp.spark.pipeline;

import critdamp.run.RunFiles;
import critdamp.base.Json;
import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import critdamp.retrain.ArmResult;
import critdamp.retrain.LayerChoice;
import critdamp.retrain.LayerFreezing;
import critdamp.retrain.PredictionDiff;
import critdamp.retrain.Predictions;
import critdamp.retrain.RetrainingArm;
import critdamp.retrain.RetrainingArms;
import critdamp.retrain.RetrainingBudget;
import critdamp.retrain.RetrainingReport;
import critdamp.retrain.RetrainingRun;
import critdamp.retrain.TrainableLayers;
import critdamp.run.RunFolder;
import critdamp.run.TrainingPosition;
import critdamp.spark.train.DistributedTrainer;
import critdamp.spark.data.TrainingData;
import critdamp.train.RoundPlan;
import critdamp.train.UpdaterFactory;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.IUpdater;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The correction stage: retrain only the flagged layers (every other layer frozen, {@link LayerFreezing}) with
 * parameter averaging on the executors and the driver's momentum schedule, for {@code retraining.epochs}; then, with the
 * same budget, the two controls: all layers, and random layers of the flagged parameter share ({@link RetrainingArms}
 * plans the arms). Each arm trains in its own sub-folder ({@code retrain-targeted/}, ...) with the usual metrics and
 * checkpoints; the test set only measures: fixed (wrong to right), broken (right to wrong) and net per arm, in
 * {@code retraining.json}.
 */
public final class RetrainingStage {
    private final JavaSparkContext sc;
    private final TrainConfig armConfig;
    private final RunFolder folder;
    private final ComputationGraph trained;
    private final TrainingData data;
    private final PrintStream out;
    private final RoundPlan roundPlan;

    private RetrainingStage(JavaSparkContext sc, TrainConfig armConfig, RunFolder folder, ComputationGraph trained,
                            TrainingData data, PrintStream out) {
        this.sc = sc;
        this.armConfig = armConfig;
        this.folder = folder;
        this.trained = trained;
        this.data = data;
        this.out = out;
        this.roundPlan = DistributedTrainer.plan(armConfig, data);
    }

    public static RetrainingReport run(JavaSparkContext sc, TrainConfig cfg, RunFolder folder, ComputationGraph trained,
                                       Set<String> flagged, TrainingData data, PrintStream out) {
        TrainConfig armConfig = retrainingConfig(cfg);
        List<RetrainingArm> arms = RetrainingArms.plan(flagged, TrainableLayers.paramCounts(trained),
                cfg.retraining().controls(), cfg.run().seed());
        TestSet test = TestSet.of(trained, data.testBatches().collect());
        RetrainingStage stage = new RetrainingStage(sc, armConfig, folder, trained, data, out);
        List<ArmResult> results = new ArrayList<>();
        for (RetrainingArm arm : arms) {
            results.add(stage.evaluate(arm, stage.retrain(arm), test));
        }
        return stage.writeReport(new RetrainingReport(test.labels().length, results));
    }

    /** One arm retrained: the corrected network (saved in the arm's folder) and how its training went. */
    private record Retrained(ComputationGraph corrected, DistributedTrainer.Result result, double seconds) {
    }

    /**
     * Retrains the arm's layers (the others frozen) in its own sub-folder, resets the frozen layers to the trained
     * values, and saves the corrected network there.
     */
    private Retrained retrain(RetrainingArm arm) {
        LayerChoice choice = arm.choice();
        out.printf("retraining arm %s: %d layers, %d parameters (%.1f%%), %d epoch(s), lr %s, momentum %s%n",
                arm.name(), choice.layers().size(), choice.paramCount(), 100 * choice.paramShare(),
                armConfig.training().epochs(), armConfig.learningRate().baseLr(),
                armConfig.momentum().kind().configName());
        IUpdater updater = UpdaterFactory.create(armConfig.optimizer().kind());
        ComputationGraph retrainable = LayerFreezing.retrainable(trained, choice.nameSet(), updater);
        RunFolder armFolder = RunFolder.open(folder.fileSystem().getConf(), folder.root().toString(),
                RunFiles.armFolder(arm.name()), false);
        long t0 = System.nanoTime();
        DistributedTrainer.Result r = new DistributedTrainer(sc, armConfig, armFolder, out)
                .train(retrainable, TrainingPosition.START, data);
        double seconds = (System.nanoTime() - t0) / 1e9;
        ComputationGraph corrected = LayerFreezing.restore(trained, retrainable);
        double drift = resetFrozen(trained, corrected, choice.nameSet());
        if (drift > 0) {
            out.printf("  frozen layers drifted by at most %.3g through parameter averaging's float rounding "
                    + "(a mean of k equal values need not be exact for k != 2^n); reset to the trained values%n",
                    drift);
        }
        saveModel(armFolder, corrected);
        return new Retrained(corrected, r, seconds);
    }

    /** The arm's result: what its corrected network fixed and broke on the test set, and its retraining record. */
    private ArmResult evaluate(RetrainingArm arm, Retrained retrained, TestSet test) {
        PredictionDiff diff = test.diff(retrained.corrected());
        DistributedTrainer.Result r = retrained.result();
        RetrainingRun run = new RetrainingRun(arm.choice().layers(),
                RetrainingBudget.epochs(armConfig.training().epochs()), 1, r.steps(), r.epochs(),
                r.epochs() * roundPlan.recordsPerEpoch(), 0, retrained.seconds());
        out.printf("  %s: test accuracy %.4f -> %.4f, fixed %d, broken %d, net %+d%n", arm.name(),
                diff.accuracyBefore(), diff.accuracyAfter(), diff.fixed(), diff.broken(), diff.net());
        return ArmResult.of(arm.kind(), arm.choice(), run, diff);
    }

    /** Writes {@value RunFiles#RETRAINING_JSON} and prints the arms' table. */
    private RetrainingReport writeReport(RetrainingReport report) {
        folder.writeAtomically(RunFiles.RETRAINING_JSON, report.toJson());
        out.println(report.toTable());
        return report;
    }

    /** The test set on the driver, its labels and the trained network's predictions: every arm is diffed to them. */
    private record TestSet(List<DataSet> batches, int[] labels, int[] before) {
        static TestSet of(ComputationGraph trained, List<DataSet> batches) {
            return new TestSet(batches, Predictions.labels(iterator(batches)),
                    Predictions.predict(trained, iterator(batches)));
        }

        PredictionDiff diff(ComputationGraph corrected) {
            return PredictionDiff.of(labels, before, Predictions.predict(corrected, iterator(batches)));
        }
    }

    /** The run's config with the retraining budget and rate: cosine from retraining.baseLr, the run's momentum kind. */
    static TrainConfig retrainingConfig(TrainConfig cfg) {
        return ConfigLoader.parse(Json.write(cfg), List.of(
                "training.epochs=" + cfg.retraining().epochs(),
                "training.stopAtAccuracy=",
                "learningRate.kind=cosine",
                "learningRate.baseLr=" + cfg.retraining().baseLr(),
                "learningRate.minLr=0",
                "learningRate.warmupFraction=",
                "learningRate.warmupDivisor="), TrainConfig.class);
    }

    /**
     * Copies every layer outside {@code trainedLayers} from {@code trained} into {@code corrected}, so frozen layers
     * are bit-identical to the trained model whatever the averaging did; returns the largest difference it removed.
     */
    static double resetFrozen(ComputationGraph trained, ComputationGraph corrected, Set<String> trainedLayers) {
        double drift = 0;
        for (org.deeplearning4j.nn.api.Layer layer : trained.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            if (trainedLayers.contains(name) || layer.numParams() == 0) {
                continue;
            }
            org.nd4j.linalg.api.ndarray.INDArray target = corrected.getLayer(name).params();
            drift = Math.max(drift, target.sub(layer.params()).amaxNumber().doubleValue());
            target.assign(layer.params());
        }
        return drift;
    }

    /** The corrected network as a plain (unwrapped) ModelSerializer zip, {@value RunFiles#CORRECTED_ZIP} in the arm folder. */
    private static void saveModel(RunFolder armFolder, ComputationGraph corrected) {
        try {
            java.nio.file.Path local = java.nio.file.Files.createTempFile("critdamp-corrected", ".zip");
            try {
                org.deeplearning4j.util.ModelSerializer.writeModel(corrected, local.toFile(), true);
                armFolder.copyFromLocalAtomically(local, RunFiles.CORRECTED_ZIP);
            } finally {
                java.nio.file.Files.deleteIfExists(local);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot save the corrected model in " + armFolder, e);
        }
    }

    private static DataSetIterator iterator(List<DataSet> batches) {
        return new ListDataSetIterator<>(batches, 1);
    }
}
