package critdamp.spark.train;

import critdamp.spark.rdd.OrderedTreeAggregate;
import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.core.storage.Persistable;
import org.deeplearning4j.core.storage.StorageMetaData;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.deeplearning4j.spark.impl.paramavg.aggregator.ParameterAveragingAggregationTuple;
import org.deeplearning4j.spark.impl.paramavg.aggregator.ParameterAveragingElementAddFunction;
import org.deeplearning4j.spark.impl.paramavg.aggregator.ParameterAveragingElementCombineFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;

/**
 * DL4J's parameter-averaging master, except that the workers' results are summed in partition order
 * ({@link OrderedTreeAggregate}, with DL4J's own add and combine functions) instead of the order their tasks finish:
 * a run repeats to the digit at any number of workers (DL4J's differed from run to run in the third digit with 3 or
 * more). The rest of a round is DL4J's: the averaged parameters and updater state replace the driver's, the mean
 * score and the workers' stats are kept, and the iteration count advances by the averaging frequency.
 */
final class OrderedAveragingTrainingMaster extends ParameterAveragingTrainingMaster {
    private static final Logger LOG = LoggerFactory.getLogger(OrderedAveragingTrainingMaster.class);

    OrderedAveragingTrainingMaster(Builder builder) {
        super(builder);
    }

    @Override
    protected void processResults(SparkDl4jMultiLayer network, SparkComputationGraph graph,
                                  JavaRDD<ParameterAveragingTrainingResult> results, int splitNum, int totalSplits) {
        if (collectTrainingStats) {
            stats.logAggregateStartTime();
        }
        ParameterAveragingAggregationTuple sum = OrderedTreeAggregate.of(results, null,
                new ParameterAveragingElementAddFunction(), new ParameterAveragingElementCombineFunction(),
                aggregationDepth);
        if (collectTrainingStats) {
            stats.logAggregationEndTime();
            stats.logProcessParamsUpdaterStart();
        }
        if (sum != null && sum.getParametersSum() != null) {
            apply(sum, network, graph);
        } else {
            LOG.info("no worker returned parameters for split {} of {} (no data); parameters unchanged", splitNum,
                    totalSplits);
        }
        if (collectTrainingStats) {
            stats.logProcessParamsUpdaterEnd();
            stats.addWorkerStats(sum == null ? null : sum.getSparkTrainingStats());
        }
        if (statsStorage != null && sum != null) {
            forwardListenerRecords(sum);
        }
        Nd4j.getExecutioner().commit();
    }

    /**
     * Sets the mean parameters, updater state (absent for plain SGD) and score on the driver's network, and advances
     * its iteration count by the round's {@code averagingFrequency} steps.
     */
    private void apply(ParameterAveragingAggregationTuple sum, SparkDl4jMultiLayer network,
                       SparkComputationGraph graph) {
        int count = sum.getAggregationsCount();
        INDArray params = sum.getParametersSum().divi(count);
        INDArray updaterState = sum.getUpdaterStateSum() == null ? null : sum.getUpdaterStateSum().divi(count);
        double score = sum.getScoreSum() / count;
        if (network != null) {
            MultiLayerNetwork net = network.getNetwork();
            net.setParameters(params);
            if (updaterState != null) {
                net.getUpdater().setStateViewArray(null, updaterState, false);
            }
            network.setScore(score);
            var conf = net.getLayerWiseConfigurations();
            conf.setIterationCount(conf.getIterationCount() + averagingFrequency);
        } else {
            ComputationGraph g = graph.getNetwork();
            g.setParams(params);
            if (updaterState != null) {
                g.getUpdater().setStateViewArray(updaterState);
            }
            graph.setScore(score);
            var conf = g.getConfiguration();
            conf.setIterationCount(conf.getIterationCount() + averagingFrequency);
        }
    }

    /** Hands the workers' listener records (DL4J's UI stats) to the configured stats storage. */
    private void forwardListenerRecords(ParameterAveragingAggregationTuple sum) {
        Collection<StorageMetaData> meta = sum.getListenerMetaData();
        if (meta != null && !meta.isEmpty()) {
            statsStorage.putStorageMetaData(meta);
        }
        Collection<Persistable> staticInfo = sum.getListenerStaticInfo();
        if (staticInfo != null && !staticInfo.isEmpty()) {
            statsStorage.putStaticInfo(staticInfo);
        }
        Collection<Persistable> updates = sum.getListenerUpdates();
        if (updates != null && !updates.isEmpty()) {
            statsStorage.putUpdate(updates);
        }
    }
}
