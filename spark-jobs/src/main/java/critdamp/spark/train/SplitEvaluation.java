package critdamp.spark.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import critdamp.spark.executor.GraphSnapshot;
import critdamp.spark.executor.ModelBroadcast;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Accuracy and mean loss of a network over RDDs of minibatches (the test set, the validation split), both from one
 * pass over each: one Spark job per split, the network broadcast once for all of them. DL4J's {@code evaluate} and
 * {@code calculateScore} take a pass each and rebuild the network for each; {@code calculateScore} also leaves every
 * minibatch's activations to the garbage collector (5.4 GB of native memory for a 10,000-image test set, measured on
 * the small CNN), which is freed only when the JVM next collects.
 *
 * <p>The network travels as a {@link ModelBroadcast}: each partition rebuilds it once and runs inference, whose
 * activations stay in DL4J's workspaces. The loss is what DL4J's {@code calculateScore(data, true)} reports: the
 * mean over examples of MCXENT (the negative log-likelihood of the true class,
 * {@code -sum_c y_c log(max(p_c, 1e-10))}, the softmax clipped as DL4J's {@code LossMCXENT} clips it) plus the
 * network's regularization term ({@code calcRegularizationScore}: 0.5 x weight decay x the squared norm of the decayed
 * weights), which DL4J's score adds to every minibatch's mean.
 */
final class SplitEvaluation {
    /** DL4J's {@code LossMCXENT} softmax clipping: probabilities below this count as this. */
    static final double SOFTMAX_CLIP = 1e-10;

    /** One split's figures; accuracy and loss are NaN for a split without examples. */
    record Measured(long examples, double accuracy, double meanLoss) {
    }

    private SplitEvaluation() {
    }

    /** {@code model} (its current parameters) on each of {@code splits}, in their order. */
    static List<Measured> of(JavaSparkContext sc, ComputationGraph model, List<JavaRDD<DataSet>> splits) {
        double regularization = model.calcRegularizationScore(true);
        try (ModelBroadcast<GraphSnapshot, ComputationGraph> shipped = ModelBroadcast.of(sc, GraphSnapshot.of(model),
                GraphSnapshot::network)) {
            List<Measured> out = new ArrayList<>(splits.size());
            for (JavaRDD<DataSet> split : splits) {
                // depth 1: the few numbers of each partition merged on the driver, in partition order
                Sums sums = shipped.sumOver(split, SplitEvaluation::partitionSums, new Sums(), Sums::merge, 1);
                out.add(sums.measured(regularization));
            }
            return out;
        }
    }

    /** One partition's sums, on its own copy of the network. */
    static Sums partitionSums(ComputationGraph network, Iterator<DataSet> batches) {
        Sums sums = new Sums();
        while (batches.hasNext()) {
            DataSet batch = batches.next();
            sums.add(network.outputSingle(false, batch.getFeatures()), batch.getLabels());
        }
        network.params().close(); // this task's copy: free it now rather than at the next collection
        return sums;
    }

    /**
     * Mergeable counts: examples, correct predictions (arg-max of the output = arg-max of the one-hot label, as DL4J's
     * {@code Evaluation} counts them) and the summed per-example loss. A plain serializable class, so Java and Kryo
     * serialization both carry it without registrators.
     */
    static final class Sums implements Serializable {
        private static final long serialVersionUID = 1L;
        private long examples;
        private long correct;
        private double lossSum;

        /** Adds a minibatch: {@code output} the softmax probabilities {@code [n, classes]}, {@code labels} one-hot. */
        void add(INDArray output, INDArray labels) {
            long[] predicted = output.argMax(1).toLongVector();
            long[] truth = labels.argMax(1).toLongVector();
            for (int i = 0; i < predicted.length; i++) {
                if (predicted[i] == truth[i]) {
                    correct++;
                }
            }
            INDArray logP = Transforms.log(Transforms.max(output, SOFTMAX_CLIP, true), false);
            lossSum -= logP.muli(labels).sumNumber().doubleValue();
            examples += predicted.length;
            logP.close();
            output.close();
        }

        Sums merge(Sums other) {
            Sums m = new Sums();
            m.examples = examples + other.examples;
            m.correct = correct + other.correct;
            m.lossSum = lossSum + other.lossSum;
            return m;
        }

        Measured measured(double regularization) {
            if (examples == 0) {
                return new Measured(0, Double.NaN, Double.NaN);
            }
            return new Measured(examples, (double) correct / examples, lossSum / examples + regularization);
        }
    }
}
