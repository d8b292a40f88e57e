package critdamp.spark.pipeline;

import critdamp.run.RunFiles;
import critdamp.base.Json;
import critdamp.config.ConfigLoader;
import critdamp.config.TrainConfig;
import critdamp.retrain.ArmKind;
import critdamp.retrain.ArmResult;
import critdamp.retrain.LayerChoice;
import critdamp.retrain.LayerFreezing;
import critdamp.retrain.PredictionDiff;
import critdamp.retrain.Predictions;
import critdamp.retrain.RetrainingBudget;
import critdamp.retrain.RetrainingControls;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The correction stage: retrain only the flagged layers (every other layer frozen, {@link LayerFreezing}) with
 * parameter averaging on the executors and the driver's momentum schedule, for {@code retraining.epochs}; then, with the
 * same budget, the two controls: all layers, and random layers of the flagged parameter share. Each arm trains in its
 * own sub-folder ({@code retrain-targeted/}, ...) with the usual metrics and checkpoints; the test set only measures:
 * fixed (wrong to right), broken (right to wrong) and net per arm, in {@code retraining.json}.
 */
public final class RetrainingStage {
    /** Each arm's corrected network, in its sub-folder. */

    private RetrainingStage() {
    }

    public static RetrainingReport run(JavaSparkContext sc, TrainConfig cfg, RunFolder folder, ComputationGraph trained,
                                       Set<String> flagged, TrainingData data, PrintStream out) {
        TrainConfig armConfig = retrainingConfig(cfg);
        Map<String, Long> counts = TrainableLayers.paramCounts(trained);
        Map<ArmKind, LayerChoice> arms = new LinkedHashMap<>();
        LayerChoice targeted = LayerChoice.of(flagged, counts);
        arms.put(ArmKind.TARGETED, targeted);
        if (cfg.retraining().controls()) {
            arms.put(ArmKind.ALL_LAYERS, LayerChoice.of(counts.keySet(), counts));
            Set<String> excluded = targeted.layers().size() < counts.size() ? targeted.nameSet() : Set.of();
            arms.put(ArmKind.RANDOM_LAYERS, RetrainingControls.randomLayers(counts, targeted.paramShare(), excluded,
                    cfg.run().seed()));
        }

        List<DataSet> test = data.testBatches().collect();
        int[] labels = Predictions.labels(iterator(test));
        int[] before = Predictions.predict(trained, iterator(test));
        RoundPlan plan = DistributedTrainer.plan(armConfig, data);
        long totalSteps = plan.stepsPerEpoch() * (long) armConfig.training().epochs();
        List<ArmResult> results = new ArrayList<>();
        for (Map.Entry<ArmKind, LayerChoice> arm : arms.entrySet()) {
            LayerChoice choice = arm.getValue();
            out.printf("retraining arm %s: %d layers, %d parameters (%.1f%%), %d epoch(s), lr %s, momentum %s%n",
                    arm.getKey().configName(), choice.layers().size(), choice.paramCount(), 100 * choice.paramShare(),
                    armConfig.training().epochs(), armConfig.learningRate().baseLr(),
                    armConfig.momentum().kind().configName());
            IUpdater updater = UpdaterFactory.create(armConfig.optimizer().kind());
            ComputationGraph retrainable = LayerFreezing.retrainable(trained, choice.nameSet(), updater);
            RunFolder armFolder = RunFolder.open(folder.fileSystem().getConf(), folder.root().toString(),
                    RunFiles.armFolder(arm.getKey().configName()), false);
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
            PredictionDiff diff = PredictionDiff.of(labels, before, Predictions.predict(corrected, iterator(test)));
            RetrainingRun run = new RetrainingRun(choice.layers(), RetrainingBudget.epochs(armConfig.training().epochs()),
                    1, r.steps(), r.epochs(), r.epochs() * plan.recordsPerEpoch(), 0, seconds);
            results.add(ArmResult.of(arm.getKey(), choice, run, diff));
            out.printf("  %s: test accuracy %.4f -> %.4f, fixed %d, broken %d, net %+d%n", arm.getKey().configName(),
                    diff.accuracyBefore(), diff.accuracyAfter(), diff.fixed(), diff.broken(), diff.net());
        }
        RetrainingReport report = new RetrainingReport(labels.length, results);
        folder.writeAtomically(RunFiles.RETRAINING_JSON, report.toJson());
        out.println(report.toTable());
        return report;
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
