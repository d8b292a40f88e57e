package critdamp.config;

import critdamp.base.ConfigChoice;

/**
 * The data sets critdamp reads in their original formats. The image shape and class count each implies live in
 * {@code critdamp.data.Datasets} (so this package stays free of model and Spark types).
 */
public enum DatasetKind implements ConfigChoice {
    /** CIFAR-10, binary version (data_batch_1..5.bin, test_batch.bin): 3x32x32 colour images, 10 classes. */
    CIFAR10,
    /**
     * Fashion-MNIST in idx format ({train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz], as Debian's
     * {@code dataset-fashion-mnist} installs them): 1x28x28 grey images, 10 classes. Config name {@code fashion_mnist}.
     */
    FASHION_MNIST;
}
