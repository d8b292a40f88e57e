package critdamp.model;

import critdamp.base.ConfigChoice;
import critdamp.base.EnumChoice;

/**
 * The networks critdamp trains, all built as DL4J {@code ComputationGraph}s by {@link Models#build}. Written in config
 * files in lower case: {@code small_cnn}, {@code resnet20}, {@code resnet18}.
 */
public enum ModelKind implements ConfigChoice {
    /** Five 3x3 conv + batch-norm + ReLU layers (32-32-64-64-128), two max-pools, global average pool, dense: ~141k
     *  parameters; trains on CIFAR-10 on 2 CPU cores in minutes. */
    SMALL_CNN,
    /** He et al. (2016) CIFAR ResNet-20: 3 stages x 3 basic blocks, 16/32/64 channels, option-A (parameter-free,
     *  zero-padded) shortcuts: 269,722 trainable parameters for 10 classes. */
    RESNET20,
    /** ResNet-18 in its CIFAR form: 3x3 stem, no max-pool, [2,2,2,2] basic blocks of 64/128/256/512 channels, 1x1
     *  conv + BN projection shortcuts: 11,173,962 trainable parameters for 10 classes. */
    RESNET18;

    /** Parses a name given outside a config file (the benchmarks' {@code --model}), as a config value is read. */
    public static ModelKind parse(String text) {
        return EnumChoice.parse(ModelKind.class, text, "model.kind");
    }
}
