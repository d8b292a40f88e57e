package critdamp.spark.train;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Accuracy and mean loss of a network over RDDs of minibatches (the test set, the validation split), both from one
 * pass over each: one Spark job per split, the network broadcast once for all of them. DL4J's {@code evaluate} and
 * {@code calculateScore} take a pass each and rebuild the network for each; {@code calculateScore} also leaves every
 * minibatch's activations to the garbage collector (5.4 GB of native memory for a 10,000-image test set, measured on
 * the small CNN), which is freed only when the JVM next collects.
 *
 * <p>Each partition rebuilds the network once from the broadcast (configuration JSON and parameters) and runs
 * inference, whose activations stay in DL4J's workspaces. The loss is what DL4J's
 * {@code calculateScore(data, true)} reports: the mean over examples of MCXENT (the negative log-likelihood of the
 * true class, {@code -sum_c y_c log(max(p_c, 1e-10))}, the softmax clipped as DL4J's {@code LossMCXENT} clips it) plus
 * the network's regularization term ({@code calcRegularizationScore}: 0.5 x weight decay x the squared norm of the
 * decayed weights), which DL4J's score adds to every minibatch's mean.
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
        Broadcast<Snapshot> shared = sc.broadcast(Snapshot.of(model));
        double regularization = model.calcRegularizationScore(true);
        try {
            List<Measured> out = new ArrayList<>(splits.size());
            for (JavaRDD<DataSet> split : splits) {
                Sums sums = split.mapPartitions(part -> partitionSums(shared.value(), part)).fold(new Sums(),
                        Sums::merge);
                out.add(sums.measured(regularization));
            }
            return out;
        } finally {
            shared.destroy();
        }
    }

    /** One partition: rebuild the network once, add every minibatch; nothing for an empty partition. */
    static Iterator<Sums> partitionSums(Snapshot snapshot, Iterator<DataSet> batches) {
        if (!batches.hasNext()) {
            return Collections.emptyIterator();
        }
        ComputationGraph network = snapshot.network();
        Sums sums = new Sums();
        while (batches.hasNext()) {
            DataSet batch = batches.next();
            sums.add(network.outputSingle(false, batch.getFeatures()), batch.getLabels());
        }
        network.params().close(); // this task's copy: free it now rather than at the next collection
        return List.of(sums).iterator();
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

    /**
     * What an executor needs to rebuild the network: its configuration JSON and its parameters in ND4J's binary form.
     * A plain serializable class (no INDArray), so any Spark serializer carries it.
     */
    static final class Snapshot implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String configurationJson;
        private final byte[] params;

        private Snapshot(String configurationJson, byte[] params) {
            this.configurationJson = configurationJson;
            this.params = params;
        }

        static Snapshot of(ComputationGraph model) {
            try {
                return new Snapshot(model.getConfiguration().toJson(), Nd4j.toByteArray(model.params()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot serialize the model parameters", e);
            }
        }

        /** A fresh copy of the network with the snapshot's parameters (its own parameter array). */
        ComputationGraph network() {
            ComputationGraph network = new ComputationGraph(ComputationGraphConfiguration.fromJson(configurationJson));
            network.init(Nd4j.fromByteArray(params), false);
            return network;
        }
    }
}
