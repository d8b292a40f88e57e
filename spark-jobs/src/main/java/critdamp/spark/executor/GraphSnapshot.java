package critdamp.spark.executor;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What an executor needs to rebuild a DL4J {@link ComputationGraph}: its configuration JSON and its flat parameters
 * in ND4J's binary form (data type kept; batch-norm running statistics are parameters in DL4J, so they travel too;
 * the updater state does not). The DL4J side of {@link ModelBroadcast}.
 *
 * <p>The parameters are copied into bytes when the snapshot is taken ({@code Nd4j.toByteArray} writes the elements,
 * a view's too), and every {@link #params()} reads a new array from them. So the snapshot never refers to the
 * driver's arrays, a copy made from it never shares memory with the driver or with another copy, and neither side
 * needs a {@code dup()}. A plain serializable class (no INDArray, no record), so Java and Kryo serialization both carry
 * it without registrators.
 */
public final class GraphSnapshot implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String configurationJson;
    private final byte[] params;

    private GraphSnapshot(String configurationJson, byte[] params) {
        this.configurationJson = configurationJson;
        this.params = params;
    }

    /** {@code model} as it is now: later changes to it are not seen. */
    public static GraphSnapshot of(ComputationGraph model) {
        try {
            return new GraphSnapshot(model.getConfiguration().toJson(), Nd4j.toByteArray(model.params()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize the model parameters", e);
        }
    }

    /** The configuration, as {@link ComputationGraphConfiguration#toJson()} wrote it. */
    public String configurationJson() {
        return configurationJson;
    }

    /** The flat parameter vector, in a new array at each call. */
    public INDArray params() {
        return Nd4j.fromByteArray(params);
    }

    /** A new network with the snapshot's parameters, in an array of its own. */
    public ComputationGraph network() {
        ComputationGraph network = new ComputationGraph(ComputationGraphConfiguration.fromJson(configurationJson));
        network.init(params(), false); // no clone needed: params() is this network's own copy
        return network;
    }

    /** About what the broadcast carries: the parameter bytes and the configuration's UTF-16 characters. */
    public long sizeBytes() {
        return params.length + 2L * configurationJson.length();
    }
}
