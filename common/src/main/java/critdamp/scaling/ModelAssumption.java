package critdamp.scaling;

import critdamp.base.Check;

/**
 * A network a prediction is made for: its size and one node's training throughput, both assumptions a user can
 * replace (e.g. a GPU node's measured images/s).
 *
 * @param name            as tables show it
 * @param paramCount      values in DL4J's parameter vector (batch-norm running statistics included: they are
 *                        averaged too)
 * @param updaterValues   values of updater state averaged with them (SGD momentum: one per trainable parameter; 0
 *                        when {@code spark.averageUpdaterState} is off)
 * @param imagesPerSecond one node's training throughput alone (no Spark)
 * @param source          where the throughput comes from
 */
public record ModelAssumption(String name, long paramCount, long updaterValues, double imagesPerSecond,
                              String source) {
    /** The small CNN: 141,034 trainable parameters + 640 batch-norm statistics; 267 img/s on a 2-core node. */
    public static final ModelAssumption SMALL_CNN = new ModelAssumption("small CNN", 141_674, 141_034, 267,
            "README throughput table: DL4J fast path, one JVM on 2 cores, batch 64");
    /** CIFAR ResNet-18: 11,173,962 trainable parameters + 9,600 batch-norm statistics; 29.6 img/s on 2 cores. */
    public static final ModelAssumption RESNET18 = new ModelAssumption("ResNet-18", 11_183_562, 11_173_962, 29.6,
            "README throughput table: DL4J fast path, one JVM on 2 cores, batch 64");

    public ModelAssumption {
        Check.notBlank("name", name);
        Check.positive("paramCount", paramCount);
        Check.nonNegative("updaterValues", updaterValues);
        Check.positive("imagesPerSecond", imagesPerSecond);
        Check.notBlank("source", source);
    }

    /** One worker's copy in float32: parameters and averaged updater state. */
    public double payloadBytes() {
        return 4.0 * (paramCount + updaterValues);
    }

    /** One minibatch's compute on one node. */
    public double stepSeconds(int batch) {
        return batch / imagesPerSecond;
    }

    /** The same network at another throughput (e.g. a GPU node's). */
    public ModelAssumption withThroughput(double imagesPerSecond, String source) {
        return new ModelAssumption(name, paramCount, updaterValues, imagesPerSecond, source);
    }
}
