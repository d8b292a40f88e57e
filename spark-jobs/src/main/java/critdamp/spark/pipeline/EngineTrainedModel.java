package critdamp.spark.pipeline;

import critdamp.attribution.LayerAttribution;
import critdamp.engine.EngineKind;
import critdamp.engine.ParameterBlock;
import critdamp.engine.ParameterLayout;
import critdamp.engine.TrainableModel;
import critdamp.model.LayerGroups;
import critdamp.optim.OptimizerSpec;
import critdamp.retrain.GroupChoice;
import critdamp.retrain.TrainableLayers;
import critdamp.run.RunFiles;
import critdamp.run.RunFolder;
import critdamp.run.TrainingPosition;
import critdamp.spark.attribution.DistributedAttribution;
import critdamp.spark.data.TrainingData;
import critdamp.spark.executor.DataSetBatches;
import critdamp.spark.executor.Engines;
import critdamp.spark.train.DistributedTrainer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.dataset.DataSet;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An engine-contract model's run (the torch engine), through the contract alone: attribution from the executors'
 * gradient sums ({@link DistributedAttribution}), retraining copies frozen with {@link TrainableModel#freeze} and
 * trained by the driver's flat-array parameter averaging ({@link DistributedTrainer#train(TrainableModel,
 * TrainingPosition, TrainingData)}), predictions from {@link TrainableModel#evaluate}, corrected networks saved in the
 * engine's checkpoint format.
 *
 * @param model     the trained network (closed with this)
 * @param optimizer the run's optimizer
 */
record EngineTrainedModel(TrainableModel model, OptimizerSpec optimizer) implements TrainedModel {
    EngineTrainedModel {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(optimizer, "optimizer");
    }

    @Override
    public EngineKind engine() {
        return model.engine();
    }

    @Override
    public Map<String, Long> paramCounts() {
        return TrainableLayers.paramCounts(model.layout());
    }

    @Override
    public LayerAttribution attribute(JavaSparkContext sc, JavaRDD<DataSet> batches, int treeDepth) {
        return DistributedAttribution.compute(sc, batches, model, optimizer, treeDepth);
    }

    @Override
    public int[] predict(List<DataSet> batches) {
        return predict(model, batches);
    }

    /**
     * A new model of the same network holding the trained values, every group outside {@code choice} frozen (the
     * optimizer state then starts from zero, as a DL4J retraining copy's does).
     */
    @Override
    public ArmCopy retrainable(GroupChoice choice, OptimizerSpec armOptimizer) {
        ParameterLayout layout = model.layout();
        Set<String> frozen = new LinkedHashSet<>(layout.groups().keySet());
        frozen.removeAll(choice.groups());
        TrainableModel copy = Engines.of(model.engine()).build(model.network(), armOptimizer, 0L);
        try {
            copy.setParameters(model.parameters());
            copy.freeze(frozen);
        } catch (RuntimeException e) {
            copy.close();
            throw e;
        }
        return new Copy(model, copy, frozen);
    }

    @Override
    public void close() {
        model.close();
    }

    private static int[] predict(TrainableModel model, List<DataSet> batches) {
        int[][] parts = new int[batches.size()][];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            parts[i] = model.evaluate(DataSetBatches.of(batches.get(i))).predictions();
            n += parts[i].length;
        }
        int[] out = new int[n];
        int at = 0;
        for (int[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** The arm's copy: trained in place, so that after training it is the corrected network. */
    private static final class Copy implements ArmCopy {
        private final TrainableModel trained;
        private final TrainableModel copy;
        private final Set<String> frozen;

        Copy(TrainableModel trained, TrainableModel copy, Set<String> frozen) {
            this.trained = trained;
            this.copy = copy;
            this.frozen = frozen;
        }

        @Override
        public DistributedTrainer.Result train(DistributedTrainer trainer, TrainingData data) {
            return trainer.train(copy, TrainingPosition.START, data);
        }

        @Override
        public double frozenDrift() {
            float[] before = trained.parameters();
            float[] after = copy.parameters();
            double drift = 0;
            for (int[] range : frozenRanges()) {
                for (int j = range[0]; j < range[1]; j++) {
                    drift = Math.max(drift, Math.abs((double) after[j] - before[j]));
                }
            }
            return drift;
        }

        @Override
        public void resetFrozen() {
            float[] before = trained.parameters();
            float[] values = copy.parameters();
            for (int[] range : frozenRanges()) {
                System.arraycopy(before, range[0], values, range[0], range[1] - range[0]);
            }
            copy.setParameters(values);
        }

        @Override
        public int[] predict(List<DataSet> batches) {
            return EngineTrainedModel.predict(copy, batches);
        }

        /** The engine's checkpoint of the corrected network with every group unfrozen (a plain network). */
        @Override
        public void save(RunFolder armFolder) {
            if (!copy.frozenGroups().isEmpty()) {
                copy.freeze(Set.of());
            }
            armFolder.writeAtomically(RunFiles.CORRECTED_ZIP, copy::save);
        }

        @Override
        public void close() {
            copy.close();
        }

        /** The frozen groups' blocks as {@code [start, end)} ranges of the full vector, running statistics included. */
        private List<int[]> frozenRanges() {
            ParameterLayout layout = trained.layout();
            List<ParameterBlock> blocks = layout.blocks();
            return java.util.stream.IntStream.range(0, blocks.size())
                    .filter(i -> frozen.contains(LayerGroups.groupOf(blocks.get(i).layer())))
                    .mapToObj(i -> new int[] {layout.offset(i), layout.offset(i) + blocks.get(i).length()})
                    .toList();
        }
    }
}
