package critdamp.data;

import critdamp.config.DatasetKind;
import critdamp.model.InputShape;

/**
 * What each {@link DatasetKind} implies for the network: its input shape and number of classes. One exhaustive
 * mapping, so every place that builds a model from a config gets the shape from the configured data set (a new data
 * set that is not added here does not compile).
 */
public final class Datasets {
    private Datasets() {
    }

    /** The shape of one input image of {@code kind}. */
    public static InputShape inputShape(DatasetKind kind) {
        return switch (kind) {
            case CIFAR10 -> InputShape.CIFAR10;
            case FASHION_MNIST -> InputShape.FASHION_MNIST;
        };
    }

    /** The number of classes of {@code kind} (the width of the output layer). */
    public static int numClasses(DatasetKind kind) {
        return switch (kind) {
            case CIFAR10 -> Cifar10Format.CLASSES;
            case FASHION_MNIST -> FashionMnist.CLASSES;
        };
    }

    /** The records in the training split of {@code kind}, before any validation split or cap. */
    public static int trainRecords(DatasetKind kind) {
        return switch (kind) {
            case CIFAR10 -> Cifar10Format.TRAIN_FILES.size() * Cifar10Format.RECORDS_PER_FILE;
            case FASHION_MNIST -> FashionMnist.TRAIN_RECORDS;
        };
    }
}
