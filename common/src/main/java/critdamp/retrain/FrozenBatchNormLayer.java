package critdamp.retrain;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The runtime layer of {@link FrozenBatchNorm}: forward as DL4J's frozen layer (the inner batch norm in inference
 * mode, running statistics read, never written); backward {@code dx = dy * gamma / sqrt(runningVar + eps)} per
 * channel, the exact input gradient of that forward pass; all parameter gradients zero.
 */
public class FrozenBatchNormLayer extends FrozenLayerWithBackprop {
    private static final long serialVersionUID = 1L;

    public FrozenBatchNormLayer(Layer insideLayer) {
        super(insideLayer);
        if (!(insideLayer.conf().getLayer() instanceof BatchNormalization)) {
            throw new IllegalArgumentException("FrozenBatchNormLayer wraps a batch-normalization layer, not "
                    + insideLayer.conf().getLayer().getClass().getSimpleName());
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        BatchNormalization conf = (BatchNormalization) underlying.conf().getLayer();
        int channelDim = switch (epsilon.rank()) {
            case 2 -> 1;
            case 4 -> conf.getCnn2DFormat() == CNN2DFormat.NHWC ? 3 : 1;
            default -> throw new IllegalStateException("frozen batch norm supports inputs of rank 2 or 4, got rank "
                    + epsilon.rank() + " in layer '" + conf.getLayerName() + "'");
        };
        INDArray scale = scale(conf, epsilon.size(channelDim)).castTo(epsilon.dataType());
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), epsilon.shape(),
                epsilon.ordering());
        Nd4j.getExecutioner().exec(new BroadcastMulOp(epsilon, scale, dx, channelDim));
        INDArray gradientView = underlying.getGradientsViewArray();
        if (gradientView != null) {
            gradientView.assign(0);
        }
        return new Pair<>(new DefaultGradient(), dx);
    }

    /** gamma / sqrt(runningVar + eps) as a vector of length {@code channels}, mirroring DL4J's inference forward. */
    private INDArray scale(BatchNormalization conf, long channels) {
        INDArray var;
        if (conf.isUseLogStd()) {
            INDArray log10s = underlying.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
            var = Transforms.pow(Nd4j.valueArrayOf(log10s.shape(), 10.0, log10s.dataType()), log10s);
            var.muli(var);
        } else {
            var = underlying.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR);
        }
        INDArray std = Transforms.sqrt(var.add(conf.getEps())).reshape(channels);
        if (conf.isLockGammaBeta()) {
            // DL4J's inference forward applies the fixed gamma only when gamma != 1 and beta != 0
            double g = conf.getGamma() != 1.0 && conf.getBeta() != 0.0 ? conf.getGamma() : 1.0;
            return std.rdiv(g);
        }
        return underlying.getParam(BatchNormalizationParamInitializer.GAMMA).reshape(channels).div(std);
    }
}
