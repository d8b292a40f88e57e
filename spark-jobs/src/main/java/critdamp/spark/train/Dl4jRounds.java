package critdamp.spark.train;

import critdamp.base.Json;
import critdamp.config.TrainConfig;
import critdamp.run.RunFiles;
import critdamp.run.Checkpoints;
import critdamp.run.RunFolder;
import critdamp.run.TrainingPosition;
import critdamp.optim.UpdaterSettings;
import critdamp.spark.data.TrainingData;
import critdamp.train.RoundPlan;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;

import java.util.List;

/**
 * The DL4J engine's rounds: the round's alpha and mu pinned into the graph's updater configuration
 * ({@link UpdaterSettings}), its minibatches fitted with DL4J's parameter averaging on the workers
 * ({@link TrainingMasterFactory}), and the evaluation at the end of an epoch. Executor JVMs seen for the first time
 * are logged and written to executors.json ({@link ExecutorFastPathCheck}).
 */
final class Dl4jRounds implements RoundTrainer {
    private final JavaSparkContext sc;
    private final SparkComputationGraph spark;
    private final ExecutorFastPathCheck fastPath;
    private final RoundTimings timings = new RoundTimings();
    private final DataJobTimings dataJobs = new DataJobTimings();
    private final boolean collectTimings;
    private final RunFolder folder;
    private final TrainingData data;
    private final RoundPlan plan;

    private final ComputationGraph model;
    private final long bytesPerRound;

    Dl4jRounds(JavaSparkContext sc, TrainConfig config, RunFolder folder, ComputationGraph model, TrainingData data,
               RoundPlan plan) {
        ParameterAveragingTrainingMaster master = TrainingMasterFactory.create(config.spark(),
                config.training().batchSize(), config.run().seed());
        this.sc = sc;
        this.fastPath = new ExecutorFastPathCheck(sc);
        master.addHook(fastPath.hook());
        this.spark = new SparkComputationGraph(sc, model, master);
        this.collectTimings = config.spark().collectTimings();
        spark.setCollectTrainingStats(collectTimings);
        this.folder = folder;
        this.data = data;
        this.plan = plan;
        this.model = model;
        this.bytesPerRound = DistributedTrainer.bytesPerRound(model, plan.workers(),
                config.spark().averageUpdaterState());
    }

    /** Data seconds and the split are NaN unless {@code spark.collectTimings}. */
    @Override
    public Fit fit(int epoch, int round, double alpha, double mu) {
        UpdaterSettings.pin(model, alpha, mu);
        model.getConfiguration().setEpochCount(epoch);
        long r0 = System.nanoTime();
        JavaRDD<DataSet> batches = data.roundBatches(epoch, round, plan).persist(StorageLevel.MEMORY_ONLY());
        spark.fit(batches);
        batches.unpersist(false);
        double seconds = (System.nanoTime() - r0) / 1e9;
        recordExecutors();
        double loss = spark.getScore();
        RoundTimings.Split split = collectTimings ? timings.split(spark.getSparkTrainingStats()) : RoundTimings.Split.NONE;
        double dataJob = collectTimings ? dataJobs.seconds(spark.getSparkTrainingStats()) : Double.NaN;
        return new Fit(loss, seconds, dataJob, split);
    }

    /**
     * Test accuracy and loss, and validation accuracy, of the averaged parameters: one pass over each split
     * ({@link SplitEvaluation}).
     */
    @Override
    public Evaluated evaluate() {
        boolean validation = data.validationSize() > 0;
        List<JavaRDD<DataSet>> splits = validation ? List.of(data.testBatches(), data.validationBatches())
                : List.of(data.testBatches());
        List<SplitEvaluation.Measured> m = SplitEvaluation.of(sc, spark.getNetwork(), splits);
        return new Evaluated(m.get(0).accuracy(), m.get(0).meanLoss(), validation ? m.get(1).accuracy() : Double.NaN);
    }

    @Override
    public String checkpoint(Checkpoints checkpoints, TrainingPosition position, Double validationAccuracy) {
        return checkpoints.save(model, position, validationAccuracy);
    }

    @Override
    public long bytesPerRound() {
        return bytesPerRound;
    }

    /** Rewrites executors.json when executor JVMs were seen for the first time ({@code collect} logs each). */
    private void recordExecutors() {
        if (!fastPath.collect().isEmpty()) {
            folder.writeAtomically(RunFiles.EXECUTORS_JSON, Json.write(fastPath.executors()));
        }
    }
}
