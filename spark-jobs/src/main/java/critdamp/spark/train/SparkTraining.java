package critdamp.spark.train;

import critdamp.base.Json;
import critdamp.config.TrainConfig;
import critdamp.run.RunFiles;
import critdamp.run.RunFolder;
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
 * The Spark side of one run: a round's minibatches fitted with parameter averaging on the workers
 * ({@link TrainingMasterFactory}), and the evaluation at the end of an epoch. Executor JVMs seen for the first time
 * are logged and written to executors.json ({@link ExecutorFastPathCheck}).
 */
final class SparkTraining {
    /**
     * One averaging round: the workers' mean loss, wall seconds, the data job's seconds ({@link DataJobTimings}) and
     * the round's split ({@link RoundTimings}).
     */
    record Fit(double loss, double seconds, double dataSeconds, RoundTimings.Split timings) {
    }

    /** An epoch's evaluation; validation accuracy is NaN without a validation split. */
    record Evaluated(double testAccuracy, double testLoss, double validationAccuracy) {
    }

    private final JavaSparkContext sc;
    private final SparkComputationGraph spark;
    private final ExecutorFastPathCheck fastPath;
    private final RoundTimings timings = new RoundTimings();
    private final DataJobTimings dataJobs = new DataJobTimings();
    private final boolean collectTimings;
    private final RunFolder folder;
    private final TrainingData data;
    private final RoundPlan plan;

    SparkTraining(JavaSparkContext sc, TrainConfig config, RunFolder folder, ComputationGraph model, TrainingData data,
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
    }

    /** Fits round {@code round} of {@code epoch}; data seconds and the split are NaN unless {@code spark.collectTimings}. */
    Fit fit(int epoch, int round) {
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
    Evaluated evaluate() {
        boolean validation = data.validationSize() > 0;
        List<JavaRDD<DataSet>> splits = validation ? List.of(data.testBatches(), data.validationBatches())
                : List.of(data.testBatches());
        List<SplitEvaluation.Measured> m = SplitEvaluation.of(sc, spark.getNetwork(), splits);
        return new Evaluated(m.get(0).accuracy(), m.get(0).meanLoss(), validation ? m.get(1).accuracy() : Double.NaN);
    }

    /** Rewrites executors.json when executor JVMs were seen for the first time ({@code collect} logs each). */
    private void recordExecutors() {
        if (!fastPath.collect().isEmpty()) {
            folder.writeAtomically(RunFiles.EXECUTORS_JSON, Json.write(fastPath.executors()));
        }
    }
}
