package critdamp.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Pins the DL4J 1.0.0-M2.1 behaviour the attribution relies on: {@code computeGradientAndScore} gives the gradient of
 * the SUMMED loss over the minibatch (the updater divides by the minibatch size later), and leaves l2 regularization
 * out of the gradient (the updater applies it) while adding it to the score.
 */
class Dl4jGradientSemanticsTest {
    private static INDArray gradient(ComputationGraph net, INDArray features, INDArray labels) {
        net.setInputs(features);
        net.setLabels(labels);
        net.computeGradientAndScore();
        return net.gradient().gradient().dup();
    }

    @Test
    void gradientIsOfTheSummedLossAndExcludesL2() {
        List<DataSet> data = TinyNets.quadrants(4, 4, 0.8, 1, DataType.DOUBLE);
        INDArray x = data.get(0).getFeatures().get(NDArrayIndex.interval(0, 1));
        INDArray y = data.get(0).getLabels().get(NDArrayIndex.interval(0, 1));
        ComputationGraph net = TinyNets.convNet(3, DataType.DOUBLE, 0, false);

        INDArray once = gradient(net, x, y);
        double scoreOnce = net.score();
        INDArray twice = gradient(net, Nd4j.concat(0, x, x), Nd4j.concat(0, y, y));
        double scoreTwice = net.score();
        // same example twice: the gradient doubles (sum), the score does not (mean)
        assertThat(once.norm2Number().doubleValue()).isGreaterThan(0);
        assertThat(twice.sub(once.mul(2)).norm2Number().doubleValue())
                .isLessThan(1e-12 * twice.norm2Number().doubleValue());
        assertThat(scoreTwice).isCloseTo(scoreOnce, org.assertj.core.data.Offset.offset(1e-12));

        ComputationGraph withL2 = TinyNets.convNet(3, DataType.DOUBLE, 0.5, false);
        withL2.setParams(net.params());
        INDArray regularized = gradient(withL2, x, y);
        assertThat(regularized.sub(once).norm2Number().doubleValue()).isEqualTo(0.0);
        assertThat(withL2.score()).isGreaterThan(scoreOnce + 1); // l2 is in the score, not in the gradient
    }
}
