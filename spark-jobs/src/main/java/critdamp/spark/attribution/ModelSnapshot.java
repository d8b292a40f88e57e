package critdamp.spark.attribution;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;

import critdamp.attribution.GradientProbe;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What an executor needs to rebuild a network: the configuration JSON and the parameters in ND4J's binary form
 * (dtype preserved). A plain serializable class (no INDArray, no record), so Java and Kryo serialization both carry it
 * without registrators.
 */
final class ModelSnapshot implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String configurationJson;
    private final byte[] params;

    private ModelSnapshot(String configurationJson, byte[] params) {
        this.configurationJson = configurationJson;
        this.params = params;
    }

    static ModelSnapshot of(ComputationGraph model) {
        try {
            return new ModelSnapshot(model.getConfiguration().toJson(), Nd4j.toByteArray(model.params().dup()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize the model parameters", e);
        }
    }

    /** A fresh attribution copy of the network (call once per partition). */
    GradientProbe probe() {
        return GradientProbe.of(configurationJson, Nd4j.fromByteArray(params));
    }

    long sizeBytes() {
        return params.length + 2L * configurationJson.length();
    }
}
