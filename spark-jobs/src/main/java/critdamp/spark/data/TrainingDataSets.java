package critdamp.spark.data;

import critdamp.config.DatasetKind;
import critdamp.config.TrainConfig;
import critdamp.data.Datasets;
import critdamp.model.InputShape;
import org.apache.spark.api.java.JavaSparkContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place that turns a config's {@code data} section into Spark training data, whatever the data set: train,
 * attribute, retrain and the pipeline all load through here, so they see the same blocks, validation split and test
 * set, and build or check their networks with the data set's input shape.
 */
public final class TrainingDataSets {
    private TrainingDataSets() {
    }

    /**
     * Loaded data and what goes with it.
     *
     * @param data       the RDDs (call {@link TrainingData#release()} when done)
     * @param provenance where the data came from and how it was checked (run.json's data section)
     * @param inputShape the shape of one input image, for building the network
     * @param numClasses the number of classes, for the output layer
     */
    public record Loaded(TrainingData data, Map<String, String> provenance, InputShape inputShape, int numClasses) {
    }

    /** Locates, checks and loads the configured data set ({@code data.dataset}). */
    public static Loaded load(JavaSparkContext sc, TrainConfig cfg) {
        DatasetKind kind = cfg.data().dataset();
        InputShape shape = Datasets.inputShape(kind);
        int classes = Datasets.numClasses(kind);
        return switch (kind) {
            case CIFAR10 -> {
                DataLocation location = DataLocation.resolve(cfg.data(), sc.hadoopConfiguration());
                Map<String, String> provenance = new LinkedHashMap<>();
                provenance.put("dataset", kind.configName());
                provenance.putAll(location.describe());
                yield new Loaded(CifarTrainingData.load(sc, cfg, location), provenance, shape, classes);
            }
            case FASHION_MNIST -> {
                FashionMnistTrainingData.Files files = FashionMnistTrainingData.Files.read(sc.hadoopConfiguration(),
                        FashionMnistTrainingData.directory(cfg.data()));
                yield new Loaded(FashionMnistTrainingData.load(sc, cfg, files), files.describe(), shape, classes);
            }
        };
    }
}
