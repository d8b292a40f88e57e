package critdamp.engine;

/**
 * What one block of a {@link ParameterLayout} holds. The first four are trained by gradient descent; the batch-norm
 * running statistics are moving averages that training updates on the side and that averaging treats like weights.
 */
public enum ParameterRole {
    /** Convolution kernel {@code [out, in, kh, kw]} or dense matrix {@code [out, in]}, row-major. */
    WEIGHT("W"),
    /** Dense bias {@code [out]} (the convolutions have none: a batch norm follows each). */
    BIAS("b"),
    /** Batch-norm scale {@code [channels]}. */
    BN_GAMMA("gamma"),
    /** Batch-norm shift {@code [channels]}. */
    BN_BETA("beta"),
    /** Batch-norm running mean {@code [channels]}. */
    BN_MEAN("mean"),
    /**
     * Batch-norm running standard deviation as {@code log10(sqrt(running variance))} {@code [channels]}: DL4J's
     * storage ({@code useLogStd}, its default), kept so that one vector loads into either engine
     * ({@link #varianceOfLog10Std}).
     */
    BN_LOG10_STD("log10stdev");

    private final String dl4jKey;

    ParameterRole(String dl4jKey) {
        this.dl4jKey = dl4jKey;
    }

    /** DL4J's key for this block in a layer's parameter table. */
    public String dl4jKey() {
        return dl4jKey;
    }

    /** The role of DL4J's parameter {@code key}. */
    public static ParameterRole ofDl4jKey(String key) {
        for (ParameterRole r : values()) {
            if (r.dl4jKey.equals(key)) {
                return r;
            }
        }
        throw new IllegalArgumentException("DL4J parameter key '" + key + "' has no role in the canonical layout"
                + " (a batch norm must keep its running deviation as log10stdev, DL4J's default)");
    }

    /** Trained by gradient descent (not a running statistic). */
    public boolean trained() {
        return this != BN_MEAN && this != BN_LOG10_STD;
    }

    /** Takes L2 weight decay: convolution and dense weights only ({@code critdamp.optim.WeightDecay}). */
    public boolean decayed() {
        return this == WEIGHT;
    }

    /** Running variance from a {@link #BN_LOG10_STD} value: {@code (10^l)^2}, as DL4J computes it. */
    public static float varianceOfLog10Std(float log10Std) {
        float std = (float) Math.pow(10.0, log10Std);
        return std * std;
    }

    /** {@link #BN_LOG10_STD} value of a running variance: {@code log10(sqrt(var))}. */
    public static float log10StdOfVariance(float variance) {
        return (float) (0.5 * Math.log10(variance));
    }
}
