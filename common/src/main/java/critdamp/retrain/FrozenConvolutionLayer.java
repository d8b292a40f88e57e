package critdamp.retrain;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The runtime layer of {@link FrozenConvolution}: forward as DL4J's frozen layer (the inner convolution in inference
 * mode); backward only the input gradient {@code dx = conv2d_transpose(dy, W)}, through ND4J's {@code deconv2d_tf}
 * op (TensorFlow's Conv2DBackpropInput; oneDNN's backward-data primitive on the fast CPU path). The weight gradient is
 * never computed and the layer's slice of the network's gradient is never written, so it keeps the zeros it was
 * created with.
 *
 * <p>Square feature maps only: ND4J M2.1's oneDNN {@code deconv2d_tf} takes the output gradient's width from its
 * height (measured: a 6x8 input fails, an 8x6 one gives a wrong gradient). A non-square input or output takes DL4J's
 * full backward pass instead (weight gradient computed and discarded), which is exact, only not cheaper.
 */
public class FrozenConvolutionLayer extends FrozenLayerWithBackprop {
    private static final long serialVersionUID = 1L;

    public FrozenConvolutionLayer(Layer insideLayer) {
        super(insideLayer);
        if (!FrozenConvolution.supports(insideLayer.conf().getLayer())) {
            throw new IllegalArgumentException("FrozenConvolutionLayer wraps a convolution FrozenConvolution supports,"
                    + " not " + insideLayer.conf().getLayer());
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        ConvolutionLayer conf = (ConvolutionLayer) underlying.conf().getLayer();
        INDArray input = underlying.input();
        int height = conf.getCnn2dDataFormat() == CNN2DFormat.NHWC ? 1 : 2;
        if (input.size(height) != input.size(height + 1) || epsilon.size(height) != epsilon.size(height + 1)) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        // DL4J stores W as [out, in, kH, kW]; deconv2d_tf takes [kH, kW, in, out]
        INDArray w = underlying.getParam(ConvolutionParamInitializer.WEIGHT_KEY).permute(2, 3, 1, 0);
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), input.shape());
        int[] k = conf.getKernelSize();
        int[] p = conf.getPadding();
        Nd4j.exec(DynamicCustomOp.builder("deconv2d_tf")
                .addInputs(Nd4j.createFromArray(input.shape()), w, epsilon.castTo(w.dataType()))
                .addOutputs(dx)
                // kernel, stride 1, padding, dilation 1, explicit padding (not SAME), data format (0 NCHW, 1 NHWC)
                .addIntegerArguments(k[0], k[1], 1, 1, p[0], p[1], 1, 1, 0,
                        conf.getCnn2dDataFormat() == CNN2DFormat.NHWC ? 1 : 0)
                .build());
        return new Pair<>(new DefaultGradient(), dx);
    }
}
